package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.asU32;
import static io.splitbpf.exec.maps.TestSpecs.asU64;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static io.splitbpf.exec.maps.TestSpecs.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/// `lru_hash` and `lru_percpu_hash`: a full map evicts the entry programs used least recently
/// (approximately, as Linux) instead of refusing a new key; flags and errors otherwise as hash
/// maps'.
class LruHashMapTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);

    @AfterEach
    void close() {
        memory.close();
    }

    static MapSpec lru(MapType type, int max, int flags) {
        return new MapSpec("lru", type, 4, 8, max, flags, 0, 0, 0, Optional.empty(), new byte[0], List.of(), false,
                Optional.empty(), Optional.empty(), MapOrigin.BTF);
    }

    private static int errno(Runnable r) {
        return assertThrows(MapException.class, r::run).errno();
    }

    private static List<Long> keys(BpfMap map) {
        List<Long> out = new ArrayList<>();
        map.dump().forEach(e -> out.add(asU32(e.key())));
        return out;
    }

    @Test
    void flagsAreCheckedAsLinuxChecksThem() {
        assertEquals(Errno.ENOTSUPP, errno(() -> BpfMap.create(lru(MapType.LRU_HASH, 4, 1), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lru(MapType.HASH, 4, 2), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lru(MapType.LRU_HASH, 4, 0x1000), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(lru(MapType.LRU_PERCPU_HASH, 4, 4), memory, 1)));
        assertTrue(BpfMap.create(lru(MapType.LRU_HASH, 4, 2), memory, 1) instanceof HashTableMap);
        assertTrue(BpfMap.create(lru(MapType.LRU_PERCPU_HASH, 4, 0), memory, 1) instanceof PerSlotHashMap);
        assertTrue(BpfMap.supportedTypes().containsAll(List.of(MapType.LRU_HASH, MapType.LRU_PERCPU_HASH)));
    }

    @Test
    void aFullMapEvictsTheEntryProgramsUsedLeastRecently() {
        HashTableMap m = (HashTableMap) BpfMap.create(lru(MapType.LRU_HASH, 4, 0), memory, 2);
        for (int k = 1; k <= 4; k++) {
            m.update(u32(k), u64(k), BpfMap.NOEXIST);
        }
        m.update(u32(5), u64(5), BpfMap.NOEXIST);
        assertEquals(List.of(2L, 3L, 4L, 5L), keys(m), "all equally recent: the oldest goes");
        assertTrue(m.programLookup(u32(2), 1) != 0);
        m.update(u32(6), u64(6), BpfMap.ANY);
        assertEquals(List.of(2L, 4L, 5L, 6L), keys(m), "2 was used, 3 was not");
        // A Java lookup does not count as a use (Linux's syscall lookups do not either).
        assertTrue(m.lookup(u32(4)).isPresent());
        m.update(u32(7), u64(7), BpfMap.ANY);
        assertEquals(List.of(2L, 5L, 6L, 7L), keys(m));
        assertEquals(4, m.size());

        assertEquals(Errno.ENOENT, errno(() -> m.update(u32(8), u64(8), BpfMap.EXIST)), "no eviction for BPF_EXIST");
        assertEquals(Errno.EEXIST, errno(() -> m.update(u32(7), u64(8), BpfMap.NOEXIST)));
        assertEquals(List.of(2L, 5L, 6L, 7L), keys(m));
        m.update(u32(7), u64(70), BpfMap.EXIST);
        assertEquals(70, asU64(m.lookup(u32(7)).orElseThrow()));
    }

    @Test
    void programUpdatesEvictToo() {
        HashTableMap m = (HashTableMap) BpfMap.create(lru(MapType.LRU_HASH, 2, 0), memory, 1);
        ArrayMap src = (ArrayMap) BpfMap.create(TestSpecs.spec("src", MapType.ARRAY, 4, 8, 1), memory, 1);
        src.update(u32(0), u64(99), BpfMap.ANY);
        for (int k = 0; k < 10; k++) {
            assertEquals(0, m.programUpdate(u32(k), src.elementAddress(0), BpfMap.ANY, 0));
        }
        assertEquals(2, m.size());
        assertTrue(m.lookup(u32(9)).isPresent(), "the newest entry stays");
        assertEquals(-Errno.ENOENT, m.programUpdate(u32(100), src.elementAddress(0), BpfMap.EXIST, 0));
    }

    @Test
    void perSlotLruMapsKeepAValuePerSlotAndEvict() {
        PerSlotHashMap m = (PerSlotHashMap) BpfMap.create(lru(MapType.LRU_PERCPU_HASH, 3, 0), memory, 2);
        ArrayMap src = (ArrayMap) BpfMap.create(TestSpecs.spec("src", MapType.ARRAY, 4, 8, 1), memory, 1);
        src.update(u32(0), u64(5), BpfMap.ANY);
        assertEquals(0, m.programUpdate(u32(1), src.elementAddress(0), BpfMap.ANY, 1));
        assertEquals(List.of(0L, 5L), m.lookupPerSlot(u32(1)).orElseThrow().stream().map(TestSpecs::asU64).toList());
        for (int k = 2; k <= 6; k++) {
            m.update(u32(k), u64(k), BpfMap.ANY);
            m.programLookup(u32(1), 0);
        }
        assertEquals(List.of(1L, 5L, 6L), keys(m), "the entry a program keeps using survives");
        assertEquals(List.of(0L, 5L), m.lookupPerSlot(u32(1)).orElseThrow().stream().map(TestSpecs::asU64).toList());
    }

    @Test
    void randomUpdatesNeverOverfillAndKeepTheNewestValues() {
        HashTableMap m = (HashTableMap) BpfMap.create(lru(MapType.LRU_HASH, 16, 0), memory, 1);
        Map<Long, Long> latest = new LinkedHashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            long k = random.nextInt(64);
            if (random.nextInt(8) == 0) {
                m.programLookup(u32(k), 0);
            } else if (random.nextInt(8) == 0) {
                try {
                    m.delete(u32(k));
                } catch (MapException e) {
                    assertEquals(Errno.ENOENT, e.errno());
                }
                latest.remove(k);
            } else {
                m.update(u32(k), u64(i), BpfMap.ANY);
                latest.put(k, (long) i);
                assertEquals(i, asU64(m.lookup(u32(k)).orElseThrow()), "the entry just written is there");
            }
            assertTrue(m.size() <= 16);
        }
        for (MapEntry e : m.dump()) {
            assertEquals(latest.get(asU32(e.key())), asU64(e.value()), "a present key has its last value");
        }
    }
}
