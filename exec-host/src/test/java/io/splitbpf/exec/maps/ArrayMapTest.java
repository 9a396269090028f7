package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.asU32;
import static io.splitbpf.exec.maps.TestSpecs.asU64;
import static io.splitbpf.exec.maps.TestSpecs.spec;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static io.splitbpf.exec.maps.TestSpecs.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrayMapTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);

    @AfterEach
    void close() {
        memory.close();
    }

    private ArrayMap array(int max) {
        return (ArrayMap) BpfMap.create(spec("arr", MapType.ARRAY, 4, 8, max), memory, 2);
    }

    private static int errno(Runnable r) {
        return assertThrows(MapException.class, r::run).errno();
    }

    @Test
    void elementsStartZeroedAndUpdateInPlace() {
        ArrayMap a = array(4);
        assertEquals(0, asU64(a.lookup(u32(3)).orElseThrow()));
        long address = a.programLookup(u32(3), 0);
        a.update(u32(3), u64(42), BpfMap.ANY);
        a.update(u32(3), u64(43), BpfMap.EXIST);
        assertEquals(43, asU64(a.lookup(u32(3)).orElseThrow()));
        assertEquals(address, a.programLookup(u32(3), 0));
        assertEquals(43, memory.segment().get(TenantMemory.U64, address - TenantMemory.BASE));
    }

    @Test
    void errorsAreLinuxs() {
        ArrayMap a = array(4);
        assertEquals(Errno.EEXIST, errno(() -> a.update(u32(1), u64(1), BpfMap.NOEXIST)));
        assertEquals(Errno.E2BIG, errno(() -> a.update(u32(4), u64(1), BpfMap.ANY)));
        assertEquals(Errno.EINVAL, errno(() -> a.update(u32(1), u64(1), 3)));
        assertEquals(Errno.EINVAL, errno(() -> a.update(u32(1), u64(1), BpfMap.F_LOCK)));
        assertEquals(Errno.EINVAL, errno(() -> a.delete(u32(1))));
        assertEquals(Errno.EINVAL, errno(() -> a.update(new byte[8], u64(1), BpfMap.ANY)));
        assertEquals(Optional.empty(), a.lookup(u32(4)));
        assertEquals(0, a.programLookup(u32(4), 0));
        MapException e = assertThrows(MapException.class, () -> a.update(u32(1), u64(1), BpfMap.F_LOCK));
        assertEquals("update of map 'arr': BPF_F_LOCK needs a bpf_spin_lock in the value, which this map does not"
                + " have (EINVAL)", e.getMessage());
    }

    @Test
    void nextKeyWalksIndicesAndRestartsOnBadKeys() {
        ArrayMap a = array(3);
        assertEquals(0, asU32(a.nextKey(Optional.empty()).orElseThrow()));
        assertEquals(2, asU32(a.nextKey(Optional.of(u32(1))).orElseThrow()));
        assertTrue(a.nextKey(Optional.of(u32(2))).isEmpty());
        assertEquals(0, asU32(a.nextKey(Optional.of(u32(99))).orElseThrow()));
        List<MapEntry> dump = a.dump();
        assertEquals(3, dump.size());
        assertArrayEquals(u32(2), dump.get(2).key());
    }

    @Test
    void creationChecksNameTheMapAndField() {
        MapException e = assertThrows(MapException.class,
                () -> BpfMap.create(spec("bad", MapType.ARRAY, 8, 8, 1), memory, 1));
        assertEquals("create of map 'bad': key_size is 8, a array map needs 4 (EINVAL)", e.getMessage());
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(spec("v", MapType.HASH, 4, 0, 1), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(spec("m", MapType.PERCPU_ARRAY, 4, 8, 0), memory, 1)));
        assertEquals(Errno.E2BIG, errno(() -> BpfMap.create(spec("k", MapType.HASH, 513, 8, 1), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(spec("r", MapType.RINGBUF, 0, 0, 6000), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(spec("r", MapType.RINGBUF, 0, 0, 1024), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(spec("p", MapType.PROG_ARRAY, 4, 8, 1), memory, 1)));
        assertThrows(NotSupportedException.class, () -> BpfMap.create(spec("s", MapType.STACK_TRACE, 4, 8, 1), memory, 1));
    }

    @Test
    void globalDataStartsWithItsSectionAndRodataIsReadOnly() {
        byte[] init = {1, 2, 3, 4, 5};
        ArrayMap data = (ArrayMap) BpfMap.create(TestSpecs.globalData(".data", init, false), memory, 1);
        ArrayMap rodata = (ArrayMap) BpfMap.create(TestSpecs.globalData(".rodata", init, true), memory, 1);
        assertArrayEquals(init, data.lookup(u32(0)).orElseThrow());
        assertArrayEquals(init, memory.read(rodata.elementAddress(0), 5));
        assertTrue(data.writableByPrograms());
        assertFalse(rodata.writableByPrograms());
        assertFalse(rodata.valueRegion().orElseThrow().writable());
        assertEquals(Errno.EPERM, errno(() -> rodata.update(u32(0), new byte[5], BpfMap.ANY)));
        assertThrows(IllegalArgumentException.class, () -> rodata.programUpdate(u32(0), data.elementAddress(0), 0, 0));
    }

    @Test
    void programUpdateReturnsNegativeErrnos() {
        ArrayMap a = array(2);
        ArrayMap src = array(1);
        src.update(u32(0), u64(7), BpfMap.ANY);
        assertEquals(0, a.programUpdate(u32(1), src.elementAddress(0), BpfMap.ANY, 0));
        assertEquals(7, asU64(a.lookup(u32(1)).orElseThrow()));
        assertEquals(-Errno.E2BIG, a.programUpdate(u32(2), src.elementAddress(0), BpfMap.ANY, 0));
        assertEquals(-Errno.EEXIST, a.programUpdate(u32(1), src.elementAddress(0), BpfMap.NOEXIST, 0));
        assertEquals(-Errno.EINVAL, a.programUpdate(u32(1), src.elementAddress(0), 7, 0));
        assertEquals(-Errno.EINVAL, a.programDelete(u32(1)));
    }
}
