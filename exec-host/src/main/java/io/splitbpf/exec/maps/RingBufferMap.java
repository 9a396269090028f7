package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/// `BPF_MAP_TYPE_RINGBUF`: a multi-producer, single-consumer queue of variable-size records in
/// a `max_entries`-byte data area of the tenant's memory.
///
/// As in Linux, programs reserve a record (`ringbuf_reserve` gives the address of its sample,
/// which they then fill), then submit or discard it; the consumer sees records in reservation
/// order and stops at the first one still reserved. Each record takes an 8-byte header plus
/// its length rounded up to 8, counted against the data area like Linux's.
///
/// Differences from Linux, and why: Linux maps the data area twice so that a record can wrap
/// around its end; a [TenantMemory] cannot alias pages, so a record that would wrap is
/// preceded by a discarded padding record up to the end of the area and starts at offset 0.
/// Record headers are kept on the Java heap rather than in the area, so a program cannot
/// corrupt the consumer's bookkeeping; only samples live in tenant memory.
public final class RingBufferMap extends BpfMap {
    /// `BPF_RB_NO_WAKEUP`: do not signal the consumer.
    public static final long NO_WAKEUP = 1;
    /// `BPF_RB_FORCE_WAKEUP`: signal the consumer whatever its position.
    public static final long FORCE_WAKEUP = 2;
    /// Bytes of header per record.
    public static final int HEADER_SIZE = 8;

    private enum State { BUSY, COMMITTED, DISCARDED }

    private static final class Record {
        final long position;
        final int length;
        final int total;
        State state;

        Record(long position, int length, int total, State state) {
            this.position = position;
            this.length = length;
            this.total = total;
            this.state = state;
        }
    }

    private final TenantMemory memory;
    private final Region data;
    private final int size;
    private final ArrayDeque<Record> records = new ArrayDeque<>();
    private final Map<Long, Record> reserved = new HashMap<>();
    private long producer;
    private long consumer;
    private long wakeups;

    RingBufferMap(MapSpec spec, TenantMemory memory, int slots) {
        super(spec, slots);
        this.memory = memory;
        this.size = spec.maxEntries();
        this.data = memory.allocate("map " + spec.name() + " data", size, 4096, true);
    }

    @Override
    public Optional<Region> valueRegion() {
        return Optional.of(data);
    }

    /// Whether `address` lies in the data area.
    public boolean contains(long address) {
        return data.contains(address, 1);
    }

    /// `ringbuf_reserve`: the address of a new sample of `length` bytes, or 0 when there is no
    /// room, `length` is larger than the area allows or `flags` is not 0.
    public synchronized long reserve(long length, long flags) {
        if (flags != 0 || length < 0 || length > size - HEADER_SIZE) {
            return 0;
        }
        int total = HEADER_SIZE + ValueSlots.roundUp8((int) length);
        int offset = (int) (producer & (size - 1));
        int pad = offset + total > size ? size - offset : 0;
        if (producer + pad + total - consumer > size) {
            return 0;
        }
        if (pad > 0) {
            records.add(new Record(producer, pad - HEADER_SIZE, pad, State.DISCARDED));
            producer += pad;
            offset = 0;
        }
        Record r = new Record(producer, (int) length, total, State.BUSY);
        records.add(r);
        producer += total;
        long sample = data.address() + offset + HEADER_SIZE;
        reserved.put(sample, r);
        return sample;
    }

    /// `ringbuf_submit`: makes the sample at `address` visible to the consumer.
    ///
    /// @throws IllegalArgumentException when `address` is not a reserved sample of this map
    public synchronized void submit(long address, long flags) {
        finish(address, flags, State.COMMITTED);
    }

    /// `ringbuf_discard`: drops the sample at `address`; the consumer skips it.
    ///
    /// @throws IllegalArgumentException when `address` is not a reserved sample of this map
    public synchronized void discard(long address, long flags) {
        finish(address, flags, State.DISCARDED);
    }

    /// `ringbuf_output`: copies `length` bytes at `from` (a checked tenant address) into a new
    /// record; 0, `-EAGAIN` when there is no room, or `-EINVAL` for bad flags.
    public synchronized long output(long from, int length, long flags) {
        if ((flags & ~(NO_WAKEUP | FORCE_WAKEUP)) != 0) {
            return -Errno.EINVAL;
        }
        long sample = reserve(length, 0);
        if (sample == 0) {
            return -Errno.EAGAIN;
        }
        memory.write(sample, memory.read(from, length));
        submit(sample, flags);
        return 0;
    }

    /// The next submitted record's sample, consuming it (and any discarded records before it);
    /// empty when none is ready (the oldest record is still reserved, or there is none).
    public synchronized Optional<byte[]> poll() {
        while (!records.isEmpty()) {
            Record r = records.peekFirst();
            if (r.state == State.BUSY) {
                return Optional.empty();
            }
            records.removeFirst();
            byte[] sample = r.state == State.COMMITTED
                    ? memory.read(data.address() + (r.position & (size - 1)) + HEADER_SIZE, r.length)
                    : null;
            consumer = r.position + r.total;
            if (sample != null) {
                return Optional.of(sample);
            }
        }
        return Optional.empty();
    }

    /// Hands every ready sample to `sink`, in order; returns how many.
    public int consume(Consumer<byte[]> sink) {
        int n = 0;
        for (Optional<byte[]> s = poll(); s.isPresent(); s = poll()) {
            sink.accept(s.get());
            n++;
        }
        return n;
    }

    /// Bytes reserved or submitted and not yet consumed (Linux's `BPF_RB_AVAIL_DATA`).
    public synchronized long pending() {
        return producer - consumer;
    }

    /// How many times a submit signalled the consumer: with `BPF_RB_FORCE_WAKEUP`, or by
    /// default when the consumer had caught up with the record (Linux's adaptive notification);
    /// never with `BPF_RB_NO_WAKEUP`.
    public synchronized long wakeups() {
        return wakeups;
    }

    private void finish(long address, long flags, State state) {
        Record r = reserved.remove(address);
        if (r == null) {
            throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is not a reserved sample of ringbuf '"
                    + name() + "'");
        }
        r.state = state;
        if ((flags & FORCE_WAKEUP) != 0 || (flags & NO_WAKEUP) == 0 && consumer == r.position) {
            wakeups++;
        }
    }

    private MapException notSupported(String operation) {
        return error(operation, Errno.ENOTSUPP, "ringbuf maps have no keys: use reserve/submit and poll");
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        throw notSupported("lookup");
    }

    @Override
    public void update(byte[] key, byte[] value, long flags) {
        throw notSupported("update");
    }

    @Override
    public void delete(byte[] key) {
        throw notSupported("delete");
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        throw notSupported("next key");
    }

    @Override
    public java.util.List<MapEntry> dump() {
        return java.util.List.of();
    }

    @Override
    public long programLookup(byte[] key, int slot) {
        throw new IllegalArgumentException("programs cannot look up ringbuf map '" + name() + "'");
    }

    @Override
    public long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        throw new IllegalArgumentException("programs cannot update ringbuf map '" + name() + "'");
    }

    @Override
    public long programDelete(byte[] key) {
        throw new IllegalArgumentException("programs cannot delete from ringbuf map '" + name() + "'");
    }
}
