package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.Optional;

/// `BPF_MAP_TYPE_ARRAY`: `max_entries` zeroed values indexed by a u32 key, preallocated in the
/// tenant's memory, iterated in index order. Global data (`.data`, `.rodata`, `.bss`) are
/// one-element arrays that start with the section's bytes; `.rodata` (`BPF_F_RDONLY_PROG`) is
/// in a region programs cannot write, and a frozen map refuses updates from Java with `EPERM`.
public final class ArrayMap extends BpfMap {
    private final ArrayCore core;

    ArrayMap(MapSpec spec, TenantMemory memory, int slots) {
        super(spec, slots);
        this.core = new ArrayCore(this, spec, memory, 1);
        byte[] init = spec.initialData();
        if (init.length > 0) {
            memory.write(core.values().address(0, 0), init.length <= spec.valueSize() ? init
                    : java.util.Arrays.copyOf(init, spec.valueSize()));
        }
    }

    /// The address of the value of element `index` (for `lddw` map-value relocations).
    public long elementAddress(int index) {
        return core.values().address(index, 0);
    }

    /// Whether programs may store into the values (false for `.rodata`).
    public boolean writableByPrograms() {
        return core.values().region().writable();
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
        core.update(key, value, flags, valueSize());
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
        return core.programLookup(key, 0);
    }

    @Override
    public long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        if (!writableByPrograms()) {
            throw new IllegalArgumentException("map '" + name() + "' is read-only to programs");
        }
        return core.programUpdate(key, valueAddress, flags, 0);
    }

    @Override
    public long programDelete(byte[] key) {
        return -Errno.EINVAL;
    }
}
