package io.splitbpf.exec.maps;

/// A reusable [HashCore.Filler] for programs' updates: copies the value at the address it was
/// last given [#from] into one copy of an element (zeroing the other copies of a fresh element
/// of a per-slot map, as Linux's `pcpu_init_value` does). One per execution slot, so that an
/// update allocates no filler.
///
/// Not thread-safe, like [KeyProbe]: one slot runs on one thread at a time. Misused from two
/// threads, it could only copy another checked address of the same tenant's memory.
final class ValueCopier implements HashCore.Filler {
    private final int copy;
    private final boolean zeroFresh;
    private long source;

    /// A copier into copy `copy` of elements; `zeroFresh` zeroes a fresh element's copies first.
    ValueCopier(int copy, boolean zeroFresh) {
        this.copy = copy;
        this.zeroFresh = zeroFresh;
    }

    /// This copier, copying from `address` (a tenant address already checked by the caller).
    ValueCopier from(long address) {
        this.source = address;
        return this;
    }

    @Override
    public void fill(ValueSlots values, int element, boolean fresh) {
        if (fresh && zeroFresh) {
            values.clear(element);
        }
        values.storeFrom(element, copy, source);
    }

    /// One copier per execution slot: into copy 0 for a plain map, into the slot's own copy for
    /// a per-slot map.
    static ValueCopier[] perSlot(int slots, boolean perSlotValues) {
        ValueCopier[] out = new ValueCopier[slots];
        for (int s = 0; s < slots; s++) {
            out[s] = new ValueCopier(perSlotValues ? s : 0, perSlotValues);
        }
        return out;
    }
}
