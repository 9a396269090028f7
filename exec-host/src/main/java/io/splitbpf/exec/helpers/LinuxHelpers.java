package io.splitbpf.exec.helpers;

import io.splitbpf.core.platform.HelperId;
import io.splitbpf.exec.maps.Errno;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.CurrentTask;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.HelperFunction;
import io.splitbpf.exec.runtime.HelperTable;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/// The Linux helpers the host implements, under Linux's ids and names, bound to one tenant's
/// maps and trace log. Every helper checks its arguments again ([Arguments]); a bad pointer or
/// a number that is not a map of the tenant stops the program with an error naming the helper.
///
/// | id | helper | notes |
/// | --- | --- | --- |
/// | 1, 2, 3, 195 | map lookup, update, delete, lookup_percpu | [MapHelpers] |
/// | 5, 125 | ktime_get_ns, ktime_get_boot_ns | the host's monotonic clock (the JVM has no boot-time clock; both read it) |
/// | 6 | trace_printk | [PrintkFormat], output to the [TraceLog] |
/// | 7 | get_prandom_u32 | a per-thread generator, not reproducible |
/// | 8 | get_smp_processor_id | the execution slot |
/// | 12 | tail_call | [TailCalls] |
/// | 14, 16 | get_current_pid_tgid, get_current_comm | from the run's [CurrentTask]; without one `-EINVAL` (and a zeroed buffer), as Linux without a current task |
/// | 114 | probe_read_user_str | "user memory" is what the run may read (a hook copies the task's data into the tenant's memory); an unreadable byte gives `-EFAULT` and a zeroed buffer, as Linux |
/// | 130–133 | ringbuf output, reserve, submit, discard | [RingBufferHelpers] |
public final class LinuxHelpers {
    /// Linux's `TASK_COMM_LEN`.
    static final int TASK_COMM_LEN = 16;

    private LinuxHelpers() {}

    /// The helpers for the tenant whose maps are `maps`, writing `bpf_trace_printk` to `trace`,
    /// with the host's monotonic clock.
    public static HelperTable table(MapRegistry maps, TraceLog trace) {
        return table(maps, trace, System::nanoTime);
    }

    /// As [#table(MapRegistry, TraceLog)] with `clock` (nanoseconds) for the ktime helpers.
    public static HelperTable table(MapRegistry maps, TraceLog trace, LongSupplier clock) {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(clock, "clock");
        MapHelpers m = new MapHelpers(Objects.requireNonNull(maps, "maps"));
        RingBufferHelpers rb = new RingBufferHelpers(maps);
        TailCalls tail = new TailCalls(maps);
        HelperTable.Builder b = HelperTable.builder();
        add(b, 1, (ctx, map, key, u3, u4, u5) -> m.lookup(ctx, map, key));
        add(b, 2, (ctx, map, key, value, flags, u5) -> m.update(ctx, map, key, value, flags));
        add(b, 3, (ctx, map, key, u3, u4, u5) -> m.delete(ctx, map, key));
        add(b, 5, (ctx, u1, u2, u3, u4, u5) -> clock.getAsLong());
        add(b, 6, (ctx, fmt, size, a1, a2, a3) -> tracePrintk(trace, ctx, fmt, size, a1, a2, a3));
        add(b, 7, (ctx, u1, u2, u3, u4, u5) -> ThreadLocalRandom.current().nextInt() & 0xffff_ffffL);
        add(b, 8, (ctx, u1, u2, u3, u4, u5) -> ctx.slot());
        add(b, 12, (ctx, c, map, index, u4, u5) -> tail.tailCall(ctx, c, map, index));
        add(b, 14, (ctx, u1, u2, u3, u4, u5) -> pidTgid(ctx.task()));
        add(b, 16, (ctx, buf, size, u3, u4, u5) -> comm(ctx, buf, size));
        add(b, 114, (ctx, dst, size, src, u4, u5) -> probeReadUserStr(ctx, dst, size, src));
        add(b, 125, (ctx, u1, u2, u3, u4, u5) -> clock.getAsLong());
        add(b, 130, (ctx, map, data, size, flags, u5) -> rb.output(ctx, map, data, size, flags));
        add(b, 131, (ctx, map, size, flags, u4, u5) -> rb.reserve(ctx, map, size, flags));
        add(b, 132, (ctx, sample, flags, u3, u4, u5) -> rb.submit(ctx, sample, flags));
        add(b, 133, (ctx, sample, flags, u3, u4, u5) -> rb.discard(ctx, sample, flags));
        add(b, 195, (ctx, map, key, slot, u4, u5) -> m.lookupPerSlot(ctx, map, key, slot));
        return b.build();
    }

    /// The ids of the helpers [#table] provides, ascending: what an execution host can run.
    public static SortedSet<Integer> ids() {
        try (TenantMemory probe = TenantMemory.allocate("helper ids", 2 * TenantMemory.GUARD)) {
            return Collections.unmodifiableSortedSet(new TreeSet<>(table(new MapRegistry(probe, 1), new TraceLog(1)).ids()));
        }
    }

    private static void add(HelperTable.Builder b, int id, HelperFunction fn) {
        b.add(id, HelperId.of(id).orElseThrow().name(), fn);
    }

    private static long tracePrintk(TraceLog trace, ExecContext ctx, long fmt, long size, long a1, long a2, long a3) {
        int n = Arguments.size("trace_printk format size", size, 1, 1 << 16);
        Optional<String> text = PrintkFormat.format(ctx, Arguments.read(ctx, fmt, n), new long[] {a1, a2, a3});
        if (text.isEmpty()) {
            return -Errno.EINVAL;
        }
        trace.append(ctx.slot(), text.get());
        return text.get().length();
    }

    /// Linux's `bpf_probe_read_user_str`: copies the NUL-terminated string at `src` into the
    /// `size` bytes at `dst`, truncating it (and ending it with a NUL) when it does not fit;
    /// returns the bytes written including the NUL, leaving the rest of `dst` as it was. A
    /// byte the run may not read ends the copy with `-EFAULT` and a zeroed buffer, as
    /// `strncpy_from_user_nofault` fails on Linux.
    private static long probeReadUserStr(ExecContext ctx, long dst, long size, long src) {
        int n = Arguments.size("probe_read_user_str size", size & 0xffff_ffffL, 0, 1 << 16);
        if (n == 0) {
            return 0;
        }
        long off = Arguments.writable(ctx, dst, n);
        byte[] out = new byte[n];
        int length = -1;
        try {
            for (int i = 0; i < n - 1 && length < 0; i++) {
                byte c = ctx.memory().segment().get(TenantMemory.U8, ctx.checkedOffset(src + i, 1, false));
                if (c == 0) {
                    length = i;
                } else {
                    out[i] = c;
                }
            }
        } catch (MemoryFault fault) {
            MemorySegment.copy(new byte[n], 0, ctx.memory().segment(), TenantMemory.U8, off, n);
            return -Errno.EFAULT;
        }
        // Like Linux, the bytes after the NUL are left as they were.
        int written = (length < 0 ? n - 1 : length) + 1;
        MemorySegment.copy(out, 0, ctx.memory().segment(), TenantMemory.U8, off, written);
        return written;
    }

    private static long pidTgid(Optional<CurrentTask> task) {
        return task.map(t -> (long) t.tgid() << 32 | (t.pid() & 0xffff_ffffL)).orElse((long) -Errno.EINVAL);
    }

    private static long comm(ExecContext ctx, long buf, long size) {
        int n = Arguments.size("get_current_comm size", size, 1, 1 << 16);
        long off = Arguments.writable(ctx, buf, n);
        byte[] out = new byte[n];
        Optional<CurrentTask> task = ctx.task();
        if (task.isPresent()) {
            // strscpy_pad: at most TASK_COMM_LEN - 1 bytes of the name, NUL-terminated, zero-padded.
            byte[] name = task.get().comm().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, out, 0, Math.min(name.length, Math.min(n, TASK_COMM_LEN) - 1));
        }
        MemorySegment.copy(out, 0, ctx.memory().segment(), TenantMemory.U8, off, n);
        return task.isPresent() ? 0 : -Errno.EINVAL;
    }
}
