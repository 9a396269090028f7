package io.splitbpf.exec.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/// One tenant's linear memory: a single off-heap [MemorySegment] that every region of the
/// tenant lives in.
///
/// Programs see addresses, not offsets: address = [#BASE] + offset. `BASE` is far from 0, so a
/// NULL pointer, a small integer or a host address never lands in a tenant's memory; the first
/// page of the segment is never handed out either. Every access goes through [#segment()] with
/// the offset `address - BASE`, which the segment bounds-checks: nothing outside it can be
/// reached. Memory is little endian, as eBPF on x86 and as `bpfel` objects expect.
///
/// Regions are allocated first-fit from the space [#release]d so far, else with a bump
/// pointer; a released region is zeroed, so every allocation starts zeroed. The host daemon
/// releases the regions of an unloaded program this way, so a tenant that loads and unloads
/// does not run out of memory. Allocation and release are synchronized; accesses from several
/// threads are as safe as the segment's.
public final class TenantMemory implements AutoCloseable {
    /// The address of offset 0 of every tenant's segment.
    public static final long BASE = 0x0000_0100_0000_0000L;
    /// Bytes at the start of the segment that are never allocated (NULL-page guard).
    public static final long GUARD = 4096;

    public static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /// Aligned views for atomic operations (misaligned ones take a plain path: see AtomicOps).
    public static final VarHandle ATOMIC32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    public static final VarHandle ATOMIC64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final String owner;
    private final Arena arena;
    private final MemorySegment segment;
    private final List<Region> regions = new ArrayList<>();
    /// Released space below `next`: offset → length, adjacent blocks merged.
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private long next = GUARD;

    private TenantMemory(String owner, long capacity) {
        if (capacity <= GUARD) {
            throw new IllegalArgumentException("tenant memory of " + capacity + " bytes is smaller than its guard page");
        }
        this.owner = owner;
        this.arena = Arena.ofShared();
        this.segment = arena.allocate(capacity, 4096);
    }

    /// A new zeroed memory of `capacity` bytes for `owner` (a tenant name, used in messages).
    public static TenantMemory allocate(String owner, long capacity) {
        return new TenantMemory(owner, capacity);
    }

    /// The tenant this memory belongs to.
    public String owner() {
        return owner;
    }

    /// The whole segment. Offsets are `address - BASE`.
    public MemorySegment segment() {
        return segment;
    }

    /// The segment's size in bytes.
    public long capacity() {
        return segment.byteSize();
    }

    /// Bytes not allocated: past the bump pointer, plus the released space below it.
    public synchronized long available() {
        long released = 0;
        for (long length : free.values()) {
            released += length;
        }
        return segment.byteSize() - next + released;
    }

    /// Allocates a zeroed region of `size` bytes aligned to `align` (a power of two).
    ///
    /// @throws MemoryFullException when the memory is full
    public synchronized Region allocate(String name, long size, long align, boolean writable) {
        if (align <= 0 || Long.bitCount(align) != 1) {
            throw new IllegalArgumentException("alignment " + align + " is not a power of two");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + name);
        }
        long start = reuse(size, align);
        if (start < 0) {
            start = (next + align - 1) & -align;
            if (start > segment.byteSize() - size) {
                throw new MemoryFullException("tenant '" + owner + "' memory is full: " + size + " bytes for " + name
                        + " requested, " + available() + " of " + capacity() + " left");
            }
            if (start > next) {
                addFree(next, start - next);
            }
            next = start + size;
        }
        Region r = new Region(name, BASE + start, size, writable);
        regions.add(r);
        return r;
    }

    /// Takes `size` bytes aligned to `align` from the first released block that holds them;
    /// the offset, or -1 when none does.
    private long reuse(long size, long align) {
        for (Map.Entry<Long, Long> block : free.entrySet()) {
            long offset = block.getKey();
            long end = offset + block.getValue();
            long start = (offset + align - 1) & -align;
            if (start <= end - size) {
                free.remove(offset);
                if (start > offset) {
                    free.put(offset, start - offset);
                }
                if (start + size < end) {
                    free.put(start + size, end - start - size);
                }
                return start;
            }
        }
        return -1;
    }

    /// Gives `region` back: it is zeroed and later allocations may reuse its space. The caller
    /// guarantees that nothing runs with it any more.
    ///
    /// @throws IllegalArgumentException when `region` is not allocated here (or was released)
    public synchronized void release(Region region) {
        if (!regions.remove(region)) {
            throw new IllegalArgumentException(region.name() + " at 0x" + Long.toHexString(region.address())
                    + " is not allocated in tenant '" + owner + "' memory");
        }
        if (region.size() == 0) {
            return;
        }
        clear(region.address(), region.size());
        addFree(region.address() - BASE, region.size());
    }

    /// Adds `[offset, offset + length)` to the released space, merging it with its neighbours
    /// and lowering the bump pointer when the space reaches it.
    private void addFree(long offset, long length) {
        Map.Entry<Long, Long> before = free.floorEntry(offset);
        if (before != null && before.getKey() + before.getValue() == offset) {
            free.remove(before.getKey());
            offset = before.getKey();
            length += before.getValue();
        }
        Long after = free.get(offset + length);
        if (after != null) {
            free.remove(offset + length);
            length += after;
        }
        if (offset + length == next) {
            next = offset;
        } else {
            free.put(offset, length);
        }
    }

    /// The regions allocated so far, in allocation order.
    public synchronized List<Region> regions() {
        return List.copyOf(regions);
    }

    /// Copies `bytes` into the memory at `address`.
    public void write(long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, segment, U8, offsetOf(address, bytes.length), bytes.length);
    }

    /// Copies `length` bytes out of the memory at `address`.
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(segment, U8, offsetOf(address, length), out, 0, length);
        return out;
    }

    /// Zeroes `[address, address + length)`.
    public void clear(long address, long length) {
        segment.asSlice(offsetOf(address, length), length).fill((byte) 0);
    }

    /// The segment offset of `[address, address + size)`.
    ///
    /// @throws MemoryFault when any byte lies outside the segment
    public long offsetOf(long address, long size) {
        long off = address - BASE;
        if (off < 0 || size < 0 || off > segment.byteSize() - size) {
            throw new MemoryFault(address, (int) size, false, "address 0x" + Long.toHexString(address)
                    + " is outside tenant '" + owner + "' memory");
        }
        return off;
    }

    /// Frees the segment. Any later access fails.
    @Override
    public void close() {
        arena.close();
    }
}
