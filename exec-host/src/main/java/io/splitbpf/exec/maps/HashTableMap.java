package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/// `BPF_MAP_TYPE_HASH`: up to `max_entries` keys of `key_size` bytes, values preallocated in
/// the tenant's memory. See [HashCore] for what concurrent users see and for the iteration
/// order. `BPF_F_NO_PREALLOC` is accepted and ignored: values are always preallocated.
///
/// `BPF_MAP_TYPE_LRU_HASH` too: a full LRU hash map evicts an entry that programs have not used
/// lately rather than refusing a new key ([HashCore] says how).
public final class HashTableMap extends BpfMap {
    private final HashCore<Void> core;
    private final ValueCopier[] copiers;

    HashTableMap(MapSpec spec, TenantMemory memory, int slots) {
        super(spec, slots);
        this.core = new HashCore<>(this, spec, memory, spec.valueSize(), 1, false);
        this.copiers = ValueCopier.perSlot(slots, false);
    }

    /// The number of keys.
    public int size() {
        return core.size();
    }

    @Override
    public Optional<Region> valueRegion() {
        return Optional.of(core.values().region());
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        return core.lookup(key);
    }

    @Override
    public void update(byte[] key, byte[] value, long flags) {
        checkKey("update", key);
        checkValue(value, valueSize());
        checkFlags(flags);
        checkWritable();
        HashErrors.throwIfFailed(this, core.put(key, flags, (v, el, fresh) -> v.store(el, value, true)), flags);
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
        return core.address(key, 0);
    }

    @Override
    public long programLookupAt(MemorySegment segment, long keyOffset, int slot) {
        return core.addressAt(segment, keyOffset, slot, 0);
    }

    @Override
    public long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        int e = flagsError(flags);
        return e != 0 ? -e : -core.put(key, flags, new ValueCopier(0, false).from(valueAddress));
    }

    @Override
    public long programUpdateAt(MemorySegment segment, long keyOffset, long valueAddress, long flags, int slot) {
        int e = flagsError(flags);
        return e != 0 ? -e : -core.putAt(segment, keyOffset, slot, flags, copiers[slot].from(valueAddress));
    }

    @Override
    public long programDelete(byte[] key) {
        return -core.remove(key);
    }

    @Override
    public long programDeleteAt(MemorySegment segment, long keyOffset, int slot) {
        return -core.removeAt(segment, keyOffset, slot);
    }
}
