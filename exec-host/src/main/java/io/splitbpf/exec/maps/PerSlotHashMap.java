package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/// `BPF_MAP_TYPE_PERCPU_HASH`: a hash map with one value per execution slot. A program's
/// update creates the key with its own slot's value and the other slots zeroed, or changes only
/// its own slot's value (Linux's `pcpu_init_value` / `pcpu_copy_value`); Java updates set every
/// slot. See [HashCore] for concurrency and order.
///
/// `BPF_MAP_TYPE_LRU_PERCPU_HASH` too: per-slot values, evicting as `lru_hash` does.
public final class PerSlotHashMap extends BpfMap {
    private final HashCore<Void> core;
    private final ValueCopier[] copiers;

    PerSlotHashMap(MapSpec spec, TenantMemory memory, int slots) {
        super(spec, slots);
        this.core = new HashCore<>(this, spec, memory, spec.valueSize(), slots, true);
        this.copiers = ValueCopier.perSlot(slots, true);
    }

    /// The number of keys.
    public int size() {
        return core.size();
    }

    /// The value of `key` in each slot, in slot order.
    public Optional<List<byte[]>> lookupPerSlot(byte[] key) {
        return lookup(key).map(v -> split(v, core.values().stride(), valueSize(), slots()));
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
        checkValue(value, valueSize(), core.values().stride() * slots());
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
        return core.address(key, slot);
    }

    /// `map_lookup_percpu_elem`: `slot`'s value of `key`, or 0 (also for a slot out of range).
    public long programLookupIn(byte[] key, long slot) {
        return slot >= 0 && slot < slots() ? core.address(key, (int) slot) : 0;
    }

    @Override
    public long programLookupAt(MemorySegment segment, long keyOffset, int slot) {
        return core.addressAt(segment, keyOffset, slot, slot);
    }

    @Override
    public long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        int e = flagsError(flags);
        return e != 0 ? -e : -core.put(key, flags, new ValueCopier(slot, true).from(valueAddress));
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

    static List<byte[]> split(byte[] all, int stride, int valueSize, int slots) {
        List<byte[]> out = new ArrayList<>(slots);
        for (int s = 0; s < slots; s++) {
            out.add(Arrays.copyOfRange(all, s * stride, s * stride + valueSize));
        }
        return List.copyOf(out);
    }
}
