package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.Optional;

/// What array and per-slot array maps share: elements indexed by a little-endian u32 key,
/// preallocated and zeroed, updated in place (as Linux's `array_map_update_elem` copies
/// values in place: a program reading concurrently may see a value half-updated, as on Linux;
/// Java readers do not, through the seqlock of [ValueSlots]).
final class ArrayCore {
    private final BpfMap map;
    private final ValueSlots values;

    ArrayCore(BpfMap map, MapSpec spec, TenantMemory memory, int copies) {
        this.map = map;
        boolean writable = (spec.flags() & MapSpec.F_RDONLY_PROG) == 0;
        this.values = new ValueSlots(memory, spec.name(), spec.valueSize(), copies, spec.maxEntries(), writable);
    }

    ValueSlots values() {
        return values;
    }

    static long index(byte[] key) {
        return (key[0] & 0xffL) | (key[1] & 0xffL) << 8 | (key[2] & 0xffL) << 16 | (key[3] & 0xffL) << 24;
    }

    static byte[] keyOf(long index) {
        return new byte[] {(byte) index, (byte) (index >>> 8), (byte) (index >>> 16), (byte) (index >>> 24)};
    }

    Optional<byte[]> lookup(byte[] key) {
        map.checkKey("lookup", key);
        long i = index(key);
        return i < values.elements() ? Optional.of(values.read((int) i)) : Optional.empty();
    }

    void update(byte[] key, byte[] value, long flags, int... accepted) {
        map.checkKey("update", key);
        map.checkValue(value, accepted);
        map.checkFlags(flags);
        map.checkWritable();
        long i = index(key);
        if (i >= values.elements()) {
            throw map.error("update", Errno.E2BIG, "index " + i + " is past max_entries " + values.elements());
        }
        if (flags == BpfMap.NOEXIST) {
            throw map.error("update", Errno.EEXIST, "array elements always exist (BPF_NOEXIST)");
        }
        values.write((int) i, value, true);
    }

    void delete(byte[] key) {
        map.checkKey("delete", key);
        throw map.error("delete", Errno.EINVAL, "array elements cannot be deleted");
    }

    Optional<byte[]> nextKey(Optional<byte[]> key) {
        return FdSlots.nextIndex(map, key, values.elements());
    }

    long programLookup(byte[] key, int copy) {
        long i = index(key);
        return i < values.elements() ? values.address((int) i, copy) : 0;
    }

    long programUpdate(byte[] key, long valueAddress, long flags, int copy) {
        int e = BpfMap.flagsError(flags);
        if (e != 0) {
            return -e;
        }
        long i = index(key);
        if (i >= values.elements()) {
            return -Errno.E2BIG;
        }
        if (flags == BpfMap.NOEXIST) {
            return -Errno.EEXIST;
        }
        values.beginWrite((int) i);
        try {
            values.storeFrom((int) i, copy, valueAddress);
        } finally {
            values.endWrite((int) i);
        }
        return 0;
    }
}
