package io.splitbpf.exec.maps;

import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/// The value storage of a map: `elements` fixed-size elements in one [Region] of the tenant's
/// memory, each `copies` values of `round_up(value_size, 8)` bytes (one per execution slot for
/// per-slot maps, else one), so that programs reach values by address.
///
/// Each element has a sequence number (a seqlock, on the Java heap where programs cannot
/// touch it): writes through [#write] make it odd while they copy, and readers through
/// [#read] retry until they copied between two equal even numbers. This keeps values that
/// Java and helpers write whole for Java readers. Programs store into values directly, like
/// Linux's programs do, and the seqlock does not cover those stores.
final class ValueSlots {
    private final TenantMemory memory;
    private final MemorySegment segment;
    private final Region region;
    private final int valueSize;
    private final int stride;
    private final int copies;
    private final int elements;
    private final AtomicLongArray seq;

    ValueSlots(TenantMemory memory, String mapName, int valueSize, int copies, int elements, boolean writable) {
        this.memory = memory;
        this.segment = memory.segment();
        this.valueSize = valueSize;
        this.stride = roundUp8(valueSize);
        this.copies = copies;
        this.elements = elements;
        long size = Math.multiplyExact(Math.multiplyExact((long) stride, copies), elements);
        this.region = memory.allocate("map " + mapName + " values", size, 8, writable);
        this.seq = new AtomicLongArray(elements);
    }

    static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    Region region() {
        return region;
    }

    int stride() {
        return stride;
    }

    int copies() {
        return copies;
    }

    int elements() {
        return elements;
    }

    /// The address of copy `copy` of element `element`'s value.
    long address(int element, int copy) {
        return region.address() + ((long) element * copies + copy) * stride;
    }

    /// The sequence number of `element` (even when no write is under way).
    long sequence(int element) {
        return seq.get(element);
    }

    /// Starts a write of `element`: readers that overlap it retry.
    void beginWrite(int element) {
        // A volatile read-modify-write: the value stores that follow cannot move before it.
        seq.getAndIncrement(element);
    }

    /// Ends a write of `element`.
    void endWrite(int element) {
        seq.incrementAndGet(element);
    }

    /// Makes the reads of `element` under way retry, as a whole write would, when the element
    /// changes owner (the new owner's value is stored after this).
    void invalidate(int element) {
        seq.getAndAdd(element, 2);
    }

    /// Copies `value` (valueSize bytes, or stride * copies in Linux's per-CPU layout, or
    /// valueSize bytes for every copy when `allCopies`) into `element`, without the seqlock.
    void store(int element, byte[] value, boolean allCopies) {
        if (value.length == valueSize && copies > 1 && allCopies) {
            for (int c = 0; c < copies; c++) {
                memory.write(address(element, c), value);
            }
        } else if (value.length == valueSize) {
            memory.write(address(element, 0), value);
        } else {
            for (int c = 0; c < copies; c++) {
                MemorySegment.copy(value, c * stride, segment, TenantMemory.U8,
                        address(element, c) - TenantMemory.BASE, valueSize);
            }
        }
    }

    /// Copies valueSize bytes from `from` (a checked tenant address) into copy `copy` of
    /// `element`, without the seqlock.
    void storeFrom(int element, int copy, long from) {
        long src = from - TenantMemory.BASE;
        long dst = address(element, copy) - TenantMemory.BASE;
        // The common u64 value in one access: a bulk copy of 8 bytes costs more than the update.
        if (valueSize == Long.BYTES) {
            segment.set(TenantMemory.U64, dst, segment.get(TenantMemory.U64, src));
        } else {
            MemorySegment.copy(segment, src, segment, dst, valueSize);
        }
    }

    /// Copies every copy of `element` from `other` (used when an update replaces an element).
    void copyElement(int from, int to) {
        MemorySegment.copy(segment, address(from, 0) - TenantMemory.BASE, segment, address(to, 0) - TenantMemory.BASE,
                (long) stride * copies);
    }

    /// Zeroes every copy of `element`.
    void clear(int element) {
        memory.clear(address(element, 0), (long) stride * copies);
    }

    /// The value of `element` as one array: valueSize bytes, or stride bytes per copy for
    /// per-slot maps (Linux's user-space layout), without the seqlock.
    byte[] load(int element) {
        if (copies == 1) {
            return memory.read(address(element, 0), valueSize);
        }
        byte[] out = new byte[stride * copies];
        for (int c = 0; c < copies; c++) {
            MemorySegment.copy(segment, TenantMemory.U8, address(element, c) - TenantMemory.BASE, out, c * stride,
                    valueSize);
        }
        return out;
    }

    /// [#load] inside the seqlock: retries while a write overlaps the copy.
    byte[] read(int element) {
        while (true) {
            long before = seq.get(element);
            if ((before & 1) == 0) {
                byte[] out = load(element);
                VarHandle.acquireFence();
                if (seq.get(element) == before) {
                    return out;
                }
            }
            Thread.onSpinWait();
        }
    }

    /// [#store] inside the seqlock.
    void write(int element, byte[] value, boolean allCopies) {
        beginWrite(element);
        try {
            store(element, value, allCopies);
        } finally {
            endWrite(element);
        }
    }
}
