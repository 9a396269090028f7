package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.asU64;
import static io.splitbpf.exec.maps.TestSpecs.spec;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static io.splitbpf.exec.maps.TestSpecs.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerSlotMapsTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);

    @AfterEach
    void close() {
        memory.close();
    }

    private static List<Long> longs(List<byte[]> values) {
        return values.stream().map(TestSpecs::asU64).toList();
    }

    private long scratch(long value) {
        ArrayMap a = (ArrayMap) BpfMap.create(spec("scratch" + value, MapType.ARRAY, 4, 8, 1), memory, 1);
        a.update(u32(0), u64(value), BpfMap.ANY);
        return a.elementAddress(0);
    }

    @Test
    void perSlotArrayKeepsOneValuePerSlot() {
        PerSlotArrayMap a = (PerSlotArrayMap) BpfMap.create(spec("pa", MapType.PERCPU_ARRAY, 4, 4, 2), memory, 3);
        assertEquals(0, a.programUpdate(u32(1), scratch(5), BpfMap.ANY, 2));
        assertEquals(List.of(0L, 0L, 5L), a.lookupPerSlot(u32(1)).orElseThrow().stream()
                .map(b -> (long) b[0]).toList());
        // Linux's user-space layout: round_up(4, 8) bytes per slot.
        assertEquals(24, a.lookup(u32(1)).orElseThrow().length);
        a.update(u32(0), new byte[] {9, 0, 0, 0}, BpfMap.ANY);
        assertEquals(List.of(9L, 9L, 9L), a.lookupPerSlot(u32(0)).orElseThrow().stream()
                .map(b -> (long) b[0]).toList());
        byte[] layout = new byte[24];
        layout[0] = 1;
        layout[8] = 2;
        layout[16] = 3;
        a.update(u32(0), layout, BpfMap.ANY);
        assertArrayEquals(layout, a.lookup(u32(0)).orElseThrow());
        long slot1 = a.programLookup(u32(0), 1);
        assertEquals(slot1, a.elementAddress(0, 1));
        assertEquals(2, memory.segment().get(TenantMemory.U8, slot1 - TenantMemory.BASE));
        assertEquals(slot1, a.programLookupIn(u32(0), 1));
        assertEquals(0, a.programLookupIn(u32(0), 3));
        assertEquals(Errno.EINVAL, assertThrows(MapException.class,
                () -> a.update(u32(0), new byte[8], BpfMap.ANY)).errno());
    }

    @Test
    void perSlotHashCreatesWithOtherSlotsZeroAndUpdatesOnlyTheCallersSlot() {
        PerSlotHashMap h = (PerSlotHashMap) BpfMap.create(spec("ph", MapType.PERCPU_HASH, 4, 8, 2), memory, 2);
        assertEquals(0, h.programUpdate(u32(7), scratch(11), BpfMap.ANY, 1));
        assertEquals(List.of(0L, 11L), longs(h.lookupPerSlot(u32(7)).orElseThrow()));
        long address = h.programLookup(u32(7), 0);
        assertEquals(0, h.programUpdate(u32(7), scratch(12), BpfMap.EXIST, 0));
        assertEquals(List.of(12L, 11L), longs(h.lookupPerSlot(u32(7)).orElseThrow()));
        // In place, as Linux's pcpu_copy_value.
        assertEquals(address, h.programLookup(u32(7), 0));
        h.update(u32(8), u64(3), BpfMap.NOEXIST);
        assertEquals(List.of(3L, 3L), longs(h.lookupPerSlot(u32(8)).orElseThrow()));
        assertEquals(-Errno.E2BIG, h.programUpdate(u32(9), scratch(1), BpfMap.ANY, 0));
        h.delete(u32(7));
        assertEquals(0, h.programUpdate(u32(9), scratch(4), BpfMap.ANY, 0));
        // A reused element starts zeroed in the other slots.
        assertEquals(List.of(4L, 0L), longs(h.lookupPerSlot(u32(9)).orElseThrow()));
        assertEquals(2, h.dump().size());
        assertEquals(16, h.dump().get(0).value().length);
        assertEquals(3, asU64(h.dump().get(0).value()));
    }

    @Test
    void perSlotHashUpdatesWithTheKeyInPlaceFillTheCallersSlotOnly() {
        PerSlotHashMap h = (PerSlotHashMap) BpfMap.create(spec("ph", MapType.PERCPU_HASH, 4, 8, 2), memory, 2);
        long key = scratch(7) - TenantMemory.BASE;
        assertEquals(0, h.programUpdateAt(memory.segment(), key, scratch(11), BpfMap.ANY, 1));
        assertEquals(List.of(0L, 11L), longs(h.lookupPerSlot(u32(7)).orElseThrow()));
        assertEquals(0, h.programUpdateAt(memory.segment(), key, scratch(12), BpfMap.EXIST, 0));
        assertEquals(List.of(12L, 11L), longs(h.lookupPerSlot(u32(7)).orElseThrow()));
        assertEquals(0, h.programDeleteAt(memory.segment(), key, 0));
        assertEquals(-Errno.ENOENT, h.programUpdateAt(memory.segment(), key, scratch(13), BpfMap.EXIST, 1));
    }
}

