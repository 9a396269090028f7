package io.splitbpf.exec.maps;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/// The value elements of a map whose keys live on the Java heap (hash maps, the LPM trie): the
/// [ValueSlots] in the tenant's memory, the owner of each element (the index entry or trie node
/// holding it, compared by identity) and a FIFO free list.
///
/// Taking, publishing and releasing are serialised by the map (its update lock); [#readOwned]
/// takes no lock. A released element goes to the tail of the free list, so it is reused last:
/// a program that still holds its address reads stale data of this map, never another map's
/// (see [HashCore] for why that is Linux's behaviour too).
///
/// @param <T> the owner type
final class ElementPool<T> {
    private final ValueSlots values;
    private final AtomicReferenceArray<T> owners;
    private final int[] free;
    private int freeHead;
    private int freeCount;

    ElementPool(ValueSlots values) {
        this.values = values;
        int elements = values.elements();
        this.owners = new AtomicReferenceArray<>(elements);
        this.free = new int[elements];
        for (int i = 0; i < elements; i++) {
            free[i] = i;
        }
        this.freeCount = elements;
    }

    ValueSlots values() {
        return values;
    }

    /// The number of free elements.
    int freeCount() {
        return freeCount;
    }

    /// The owner of `element`, or null when it is free.
    T owner(int element) {
        return owners.get(element);
    }

    /// The oldest free element. The caller guarantees there is one.
    int take() {
        if (freeCount == 0) {
            throw new IllegalStateException("no free element (the map's invariant on its element count is broken)");
        }
        int el = free[freeHead];
        freeHead = wrap(freeHead + 1);
        freeCount--;
        return el;
    }

    /// Fills `element` with `filler` and then gives it to `owner`, so that a reader that finds
    /// the new owner finds the new value.
    ///
    /// Invariant: a free element is reachable from no index or trie, and every older owner of
    /// it is gone since [#release] (which also made reads under way retry). So the fill needs no
    /// seqlock: no reader copies this element for an owner that will still own it afterwards,
    /// and the caller makes the element reachable (puts `owner` in its index, or points `owner`
    /// at the element) only after this returns.
    void publish(int element, T owner, HashCore.Filler filler, boolean fresh) {
        filler.fill(values, element, fresh);
        owners.setRelease(element, owner);
    }

    /// Frees `element`: readers that still find it see it owned by nobody, and copies of it
    /// under way retry.
    void release(int element) {
        // A plain store is enough: the sequence number's update below is a volatile
        // read-modify-write, so a reader that sees the new number sees no owner.
        owners.setPlain(element, null);
        values.invalidate(element);
        free[wrap(freeHead + freeCount)] = element;
        freeCount++;
    }

    /// `i % free.length` for `0 <= i < 2 * free.length`, without a division (updates take and
    /// release an element each).
    private int wrap(int i) {
        return i >= free.length ? i - free.length : i;
    }

    /// The value of `element` copied inside its seqlock if `owner` still owns it, else null
    /// (the caller looks its key up again: the element was released or reused meanwhile).
    byte[] readOwned(int element, T owner) {
        long before = values.sequence(element);
        if ((before & 1) != 0 || owners.get(element) != owner) {
            return null;
        }
        byte[] out = values.load(element);
        VarHandle.acquireFence();
        return values.sequence(element) == before ? out : null;
    }
}
