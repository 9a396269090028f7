package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/// `BPF_MAP_TYPE_ARRAY_OF_MAPS`: `max_entries` slots indexed by a u32 key, each empty or holding
/// a map that matches the template ([MapOfMaps]). As Linux's fd arrays: an update takes only
/// `BPF_ANY`, an index past the end is `E2BIG`, a lookup or delete of an empty slot `ENOENT`,
/// and iteration visits every index.
public final class ArrayOfMapsMap extends MapOfMaps {
    private final FdSlots<InnerMapRef> slots;

    ArrayOfMapsMap(MapSpec spec, int slots) {
        super(spec, slots);
        this.slots = new FdSlots<>(this);
    }

    @Override
    public void put(byte[] key, InnerMapRef inner, long flags) {
        checkKey("update", key);
        if (flags != ANY) {
            throw error("update", Errno.EINVAL, "a map of maps array takes only BPF_ANY, not flags 0x"
                    + Long.toHexString(flags));
        }
        long i = ArrayCore.index(key);
        if (i < maxEntries()) {
            checkInner(inner);
        }
        slots.put(i, inner);
    }

    @Override
    public List<InnerMapRef> innerMaps() {
        return slots.held();
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        checkKey("lookup", key);
        return slots.at(ArrayCore.index(key)).map(MapOfMaps::idBytes);
    }

    @Override
    public void delete(byte[] key) {
        slots.delete(key);
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        return FdSlots.nextIndex(this, key, maxEntries());
    }

    @Override
    public long programLookup(byte[] key, int slot) {
        InnerMapRef r = slots.orNull(ArrayCore.index(key));
        return r == null ? 0 : r.handle();
    }

    @Override
    public long programLookupAt(MemorySegment segment, long keyOffset, int slot) {
        InnerMapRef r = slots.orNull(segment.get(TenantMemory.U32, keyOffset) & 0xffff_ffffL);
        return r == null ? 0 : r.handle();
    }
}
