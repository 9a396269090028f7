package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/// `BPF_MAP_TYPE_ARRAY_OF_MAPS`: `max_entries` slots indexed by a u32 key, each empty or holding
/// a map that matches the template ([MapOfMaps]). As Linux's fd arrays: an update takes only
/// `BPF_ANY`, an index past the end is `E2BIG`, a lookup or delete of an empty slot `ENOENT`,
/// and iteration visits every index.
public final class ArrayOfMapsMap extends MapOfMaps {
    private final AtomicReferenceArray<InnerMapRef> slots;

    ArrayOfMapsMap(MapSpec spec, int slots) {
        super(spec, slots);
        this.slots = new AtomicReferenceArray<>(spec.maxEntries());
    }

    @Override
    public void put(byte[] key, InnerMapRef inner, long flags) {
        checkKey("update", key);
        if (flags != ANY) {
            throw error("update", Errno.EINVAL, "a map of maps array takes only BPF_ANY, not flags 0x"
                    + Long.toHexString(flags));
        }
        long i = ArrayCore.index(key);
        if (i >= maxEntries()) {
            throw error("update", Errno.E2BIG, "index " + i + " is past max_entries " + maxEntries());
        }
        checkInner(inner);
        slots.set((int) i, inner);
    }

    @Override
    public List<InnerMapRef> innerMaps() {
        List<InnerMapRef> out = new ArrayList<>();
        for (int i = 0; i < slots.length(); i++) {
            InnerMapRef r = slots.get(i);
            if (r != null) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        checkKey("lookup", key);
        return at(ArrayCore.index(key)).map(MapOfMaps::idBytes);
    }

    private Optional<InnerMapRef> at(long index) {
        return index < maxEntries() ? Optional.ofNullable(slots.get((int) index)) : Optional.empty();
    }

    @Override
    public void delete(byte[] key) {
        checkKey("delete", key);
        long i = ArrayCore.index(key);
        if (i >= maxEntries()) {
            throw error("delete", Errno.E2BIG, "index " + i + " is past max_entries " + maxEntries());
        }
        if (slots.getAndSet((int) i, null) == null) {
            throw error("delete", Errno.ENOENT, "no map at index " + i);
        }
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        long next = 0;
        if (key.isPresent()) {
            checkKey("next key", key.get());
            long i = ArrayCore.index(key.get());
            next = i >= maxEntries() ? 0 : i + 1;
        }
        return next < maxEntries() ? Optional.of(ArrayCore.keyOf(next)) : Optional.empty();
    }

    @Override
    public long programLookup(byte[] key, int slot) {
        return at(ArrayCore.index(key)).map(InnerMapRef::handle).orElse(0L);
    }

    @Override
    public long programLookupAt(MemorySegment segment, long keyOffset, int slot) {
        long i = segment.get(TenantMemory.U32, keyOffset) & 0xffff_ffffL;
        InnerMapRef r = i < maxEntries() ? slots.get((int) i) : null;
        return r == null ? 0 : r.handle();
    }
}
