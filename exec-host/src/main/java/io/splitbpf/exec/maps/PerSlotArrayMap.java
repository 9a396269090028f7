package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.List;
import java.util.Optional;

/// `BPF_MAP_TYPE_PERCPU_ARRAY`: an array with one value per execution slot. A program sees
/// (and updates) its own slot's value; Java sees all of them, in Linux's layout (one
/// `round_up(value_size, 8)` chunk per slot), or one list entry per slot through
/// [#lookupPerSlot].
public final class PerSlotArrayMap extends BpfMap {
    private final ArrayCore core;

    PerSlotArrayMap(MapSpec spec, TenantMemory memory, int slots) {
        super(spec, slots);
        this.core = new ArrayCore(this, spec, memory, slots);
    }

    /// The value of `key` in each slot, in slot order.
    public Optional<List<byte[]>> lookupPerSlot(byte[] key) {
        return lookup(key).map(v -> PerSlotHashMap.split(v, core.values().stride(), valueSize(), slots()));
    }

    /// The address of `slot`'s value of element `index`.
    public long elementAddress(int index, int slot) {
        return core.values().address(index, slot);
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
        core.update(key, value, flags, valueSize(), core.values().stride() * slots());
    }

    @Override
    public void delete(byte[] key) {
        core.delete(key);
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        return core.nextKey(key);
    }

    @Override
    public long programLookup(byte[] key, int slot) {
        return core.programLookup(key, slot);
    }

    /// `map_lookup_percpu_elem`: `slot`'s value of `key`, or 0 (also for a slot out of range).
    public long programLookupIn(byte[] key, long slot) {
        return slot >= 0 && slot < slots() ? core.programLookup(key, (int) slot) : 0;
    }

    @Override
    public long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        return core.programUpdate(key, valueAddress, flags, slot);
    }

    @Override
    public long programDelete(byte[] key) {
        return -Errno.EINVAL;
    }
}
