package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/// `BPF_MAP_TYPE_HASH_OF_MAPS`: up to `max_entries` keys, each holding a map that matches the
/// template ([MapOfMaps]), with a hash map's flags, errors and iteration order ([HashCore]; the
/// maps are the entries' payloads, and no value lives in the tenant's memory).
public final class HashOfMapsMap extends MapOfMaps {
    private final HashCore<InnerMapRef> core;

    HashOfMapsMap(MapSpec spec, TenantMemory memory, int slots) {
        super(spec, slots);
        this.core = new HashCore<>(this, spec, memory, 0, 1, false);
    }

    /// The number of keys.
    public int size() {
        return core.size();
    }

    @Override
    List<Region> regions() {
        return List.of(core.values().region());
    }

    @Override
    public void put(byte[] key, InnerMapRef inner, long flags) {
        checkKey("update", key);
        checkFlags(flags);
        checkInner(inner);
        HashErrors.throwIfFailed(this, core.put(key, flags, (v, el, fresh) -> { }, inner), flags);
    }

    @Override
    public List<InnerMapRef> innerMaps() {
        return core.payloads();
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        checkKey("lookup", key);
        return Optional.ofNullable(core.payload(key)).map(MapOfMaps::idBytes);
    }

    @Override
    public void delete(byte[] key) {
        checkKey("delete", key);
        HashErrors.throwIfFailed(this, core.remove(key), ANY);
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        return core.nextKey(key);
    }

    @Override
    public long programLookup(byte[] key, int slot) {
        InnerMapRef r = core.payload(key);
        return r == null ? 0 : r.handle();
    }

    @Override
    public long programLookupAt(MemorySegment segment, long keyOffset, int slot) {
        InnerMapRef r = core.payloadAt(segment, keyOffset, slot);
        return r == null ? 0 : r.handle();
    }
}
