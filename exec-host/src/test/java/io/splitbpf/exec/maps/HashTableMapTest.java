package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.asU32;
import static io.splitbpf.exec.maps.TestSpecs.asU64;
import static io.splitbpf.exec.maps.TestSpecs.spec;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static io.splitbpf.exec.maps.TestSpecs.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTableMapTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);

    @AfterEach
    void close() {
        memory.close();
    }

    private HashTableMap hash(int max) {
        return (HashTableMap) BpfMap.create(spec("h", MapType.HASH, 4, 8, max), memory, 2);
    }

    private static int errno(Runnable r) {
        return assertThrows(MapException.class, r::run).errno();
    }

    @Test
    void flagsBehaveAsLinux() {
        HashTableMap h = hash(4);
        assertEquals(Optional.empty(), h.lookup(u32(1)));
        assertEquals(Errno.ENOENT, errno(() -> h.update(u32(1), u64(1), BpfMap.EXIST)));
        h.update(u32(1), u64(10), BpfMap.NOEXIST);
        assertEquals(Errno.EEXIST, errno(() -> h.update(u32(1), u64(11), BpfMap.NOEXIST)));
        h.update(u32(1), u64(12), BpfMap.EXIST);
        h.update(u32(1), u64(13), BpfMap.ANY);
        assertEquals(13, asU64(h.lookup(u32(1)).orElseThrow()));
        assertEquals(Errno.EINVAL, errno(() -> h.update(u32(1), u64(1), 3)));
        assertEquals(Errno.EINVAL, errno(() -> h.update(u32(1), u64(1), BpfMap.F_LOCK | BpfMap.EXIST)));
        assertEquals(Errno.EINVAL, errno(() -> h.update(u32(1), new byte[4], BpfMap.ANY)));
        h.delete(u32(1));
        assertEquals(Errno.ENOENT, errno(() -> h.delete(u32(1))));
        assertEquals(0, h.size());
    }

    @Test
    void aFullMapRefusesNewKeysWithE2bigButUpdatesExistingOnes() {
        HashTableMap h = hash(3);
        for (int i = 0; i < 3; i++) {
            h.update(u32(i), u64(i), BpfMap.ANY);
        }
        MapException e = assertThrows(MapException.class, () -> h.update(u32(9), u64(9), BpfMap.ANY));
        assertEquals(Errno.E2BIG, e.errno());
        assertEquals("update of map 'h': the map is full (max_entries 3) (E2BIG)", e.getMessage());
        for (int round = 0; round < 10; round++) {
            h.update(u32(2), u64(100 + round), BpfMap.EXIST);
        }
        assertEquals(109, asU64(h.lookup(u32(2)).orElseThrow()));
        h.delete(u32(0));
        h.update(u32(9), u64(9), BpfMap.NOEXIST);
        assertEquals(3, h.size());
    }

    @Test
    void anUpdateMovesTheValueToAFreshElementAndOldAddressesKeepTheOldValue() {
        HashTableMap h = hash(4);
        h.update(u32(5), u64(1), BpfMap.ANY);
        long before = h.programLookup(u32(5), 0);
        h.update(u32(5), u64(2), BpfMap.ANY);
        long after = h.programLookup(u32(5), 0);
        assertNotEquals(before, after);
        assertEquals(1, memory.segment().get(TenantMemory.U64, before - TenantMemory.BASE));
        assertEquals(2, memory.segment().get(TenantMemory.U64, after - TenantMemory.BASE));
        assertTrue(h.valueRegion().orElseThrow().contains(before, 8));
        assertEquals(0, h.programLookup(u32(6), 0));
    }

    @Test
    void iterationIsInKeyOrderStableAndRestartsAfterAMissingKey() {
        HashTableMap h = hash(16);
        int[] keys = {7, 300, 1, 65536, 42};
        for (int k : keys) {
            h.update(u32(k), u64(k * 10L), BpfMap.ANY);
        }
        List<Long> order = new ArrayList<>();
        for (Optional<byte[]> k = h.nextKey(Optional.empty()); k.isPresent(); k = h.nextKey(k)) {
            order.add(asU32(k.get()));
        }
        // Unsigned lexicographic order of the little-endian key bytes.
        assertEquals(List.of(65536L, 1L, 7L, 42L, 300L), order);
        assertEquals(order, h.dump().stream().map(e -> asU32(e.key())).toList());
        assertEquals(65536, asU32(h.nextKey(Optional.of(u32(12345))).orElseThrow()));
        assertArrayEquals(u64(70), h.dump().get(2).value());
        assertTrue(h.nextKey(Optional.of(u32(300))).isEmpty());
        HashTableMap empty = hash(2);
        assertTrue(empty.nextKey(Optional.empty()).isEmpty());
        assertTrue(empty.nextKey(Optional.of(u32(1))).isEmpty());
    }

    @Test
    void programOperationsReturnNegativeErrnos() {
        HashTableMap h = hash(1);
        ArrayMap src = (ArrayMap) BpfMap.create(spec("src", MapType.ARRAY, 4, 8, 1), memory, 1);
        src.update(u32(0), u64(77), BpfMap.ANY);
        long value = src.elementAddress(0);
        assertEquals(-Errno.ENOENT, h.programUpdate(u32(1), value, BpfMap.EXIST, 0));
        assertEquals(0, h.programUpdate(u32(1), value, BpfMap.NOEXIST, 0));
        assertEquals(-Errno.EEXIST, h.programUpdate(u32(1), value, BpfMap.NOEXIST, 0));
        assertEquals(-Errno.E2BIG, h.programUpdate(u32(2), value, BpfMap.ANY, 0));
        assertEquals(-Errno.EINVAL, h.programUpdate(u32(2), value, BpfMap.F_LOCK, 0));
        assertEquals(77, asU64(h.lookup(u32(1)).orElseThrow()));
        assertEquals(0, h.programDelete(u32(1)));
        assertEquals(-Errno.ENOENT, h.programDelete(u32(1)));
    }

    /// Keys read in place (as the helpers pass them) hash and compare as the same keys passed
    /// as arrays, for the sizes with a fast path (4, 8) and the others.
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 8, 12, 16})
    void keysReadInPlaceAreTheKeysPassedAsArrays(int keySize) {
        HashTableMap h = (HashTableMap) BpfMap.create(spec("h", MapType.HASH, keySize, 8, 4), memory, 2);
        Region scratch = memory.allocate("scratch", 64, 8, true);
        long keyAt = scratch.address();
        long valueAt = scratch.address() + 32;
        byte[] key = new byte[keySize];
        for (int i = 0; i < keySize; i++) {
            key[i] = (byte) (0xf1 - 17 * i);
        }
        memory.write(keyAt, key);
        memory.write(valueAt, u64(5));
        MemorySegment segment = memory.segment();
        long keyOffset = keyAt - TenantMemory.BASE;
        assertEquals(-Errno.ENOENT, h.programUpdateAt(segment, keyOffset, valueAt, BpfMap.EXIST, 1));
        assertEquals(0, h.programUpdateAt(segment, keyOffset, valueAt, BpfMap.NOEXIST, 1));
        assertEquals(5, asU64(h.lookup(key).orElseThrow()));
        assertEquals(-Errno.EEXIST, h.programUpdateAt(segment, keyOffset, valueAt, BpfMap.NOEXIST, 0));
        h.update(key, u64(6), BpfMap.EXIST);
        assertEquals(6, memory.segment().get(TenantMemory.U64, h.programLookupAt(segment, keyOffset, 0)
                - TenantMemory.BASE));
        memory.write(valueAt, u64(7));
        assertEquals(0, h.programUpdateAt(segment, keyOffset, valueAt, BpfMap.ANY, 0));
        assertEquals(7, asU64(h.lookup(key).orElseThrow()));
        assertEquals(1, h.size());
        assertEquals(0, h.programDeleteAt(segment, keyOffset, 1));
        assertEquals(Optional.empty(), h.lookup(key));
        assertEquals(-Errno.ENOENT, h.programDeleteAt(segment, keyOffset, 0));
    }
}

