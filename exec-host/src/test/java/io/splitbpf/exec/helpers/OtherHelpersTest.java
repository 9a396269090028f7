package io.splitbpf.exec.helpers;

import static io.splitbpf.exec.maps.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.maps.Errno;
import io.splitbpf.exec.maps.ProgArrayMap;
import io.splitbpf.exec.maps.RingBufferMap;
import io.splitbpf.exec.maps.TailCallTarget;
import io.splitbpf.exec.runtime.CurrentTask;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// trace_printk, ring buffers, tail calls and the task helpers from assembled programs, under
/// both engines.
class OtherHelpersTest {
    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void tracePrintkFormatsIntoTheTenantLog(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            byte[] fmt = java.util.Arrays.copyOf("n=%d, x=%x".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 16);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(fmt).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            String program = String.format("""
                    r1 = 0x%x ll
                    *(u64 *)(r10 - 16) = r1
                    r1 = 0x%x ll
                    *(u64 *)(r10 - 8) = r1
                    r1 = r10
                    r1 += -16
                    r2 = 16
                    r3 = -5
                    r4 = 255
                    call 6
                    exit
                    """, b.getLong(0), b.getLong(8));
            long written = t.load(engine, program).run(t.context(2).reset());
            assertEquals(List.of(new TraceLog.Line(0, 2, "n=-5, x=ff")), t.trace.lines());
            assertEquals(10, written);
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void ringbufReserveSubmitAndOutputReachTheConsumer(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            RingBufferMap rb = (RingBufferMap) t.map(spec("events", MapType.RINGBUF, 0, 0, 4096));
            String program = """
                    r1 = map[events] ll
                    r2 = 8
                    r3 = 0
                    call 131
                    if r0 == 0 goto +10
                    r1 = 0x1122334455667788 ll
                    *(u64 *)(r0 + 0) = r1
                    r1 = r0
                    r2 = 0
                    call 132
                    r1 = 7
                    *(u64 *)(r10 - 8) = r1
                    r1 = map[events] ll
                    goto +1
                    exit
                    r2 = r10
                    r2 += -8
                    r3 = 1
                    r4 = 0
                    call 130
                    exit
                    """;
            assertEquals(0, t.load(engine, program).run(t.context(0).reset()));
            assertArrayEquals(io.splitbpf.exec.maps.TestSpecs.u64(0x1122334455667788L), rb.poll().orElseThrow());
            assertArrayEquals(new byte[] {7}, rb.poll().orElseThrow());
            assertTrue(rb.poll().isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void tailCallsReplaceTheCallerAndStopAfter33(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            ProgArrayMap jumps = (ProgArrayMap) t.map(spec("jumps", MapType.PROG_ARRAY, 4, 4, 4));
            // Slot 0 counts the tail calls in r1's target word and tail-calls itself; when the
            // call fails it returns the count * 1000 plus the helper's error.
            t.map(spec("count", MapType.ARRAY, 4, 8, 1));
            String self = """
                    r6 = r1
                    r1 = 0
                    *(u32 *)(r10 - 4) = r1
                    r2 = r10
                    r2 += -4
                    r1 = map[count] ll
                    call 1
                    if r0 == 0 goto +9
                    r1 = 1
                    lock *(u64 *)(r0 + 0) += r1
                    r7 = r0
                    r1 = r6
                    r2 = map[jumps] ll
                    r3 = 0
                    call 12
                    r1 = *(u64 *)(r7 + 0)
                    r1 *= 1000
                    r0 += r1
                    exit
                    """;
            ExecutionEngine.LoadedCode code = t.load(engine, self);
            jumps.put(0, new TailCallTarget(1, "self", code));
            ExecContext ctx = t.context(0).reset();
            // The first program plus 33 tail calls ran; the 34th attempt failed with -E2BIG.
            assertEquals(34 * 1000 - Errno.E2BIG, code.run(ctx, 0));
            assertEquals(0, ctx.tailCallDepth());
            String missing = """
                    r2 = map[jumps] ll
                    r3 = 3
                    call 12
                    exit
                    """;
            assertEquals(-Errno.ENOENT, t.load(engine, missing).run(t.context(0).reset()));
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void taskHelpersReportTheHooksTaskOrEinval(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            String program = """
                    r1 = r10
                    r1 += -16
                    r2 = 16
                    call 16
                    r6 = r0
                    call 14
                    r7 = *(u64 *)(r10 - 16)
                    if r6 != 0 goto +1
                    r0 ^= r7
                    exit
                    """;
            ExecutionEngine.LoadedCode code = t.load(engine, program);
            assertEquals(-Errno.EINVAL, code.run(t.context(0).reset()));
            ExecContext ctx = t.context(0).reset().task(new CurrentTask(0x123, 0x45, "curl"));
            long r0 = code.run(ctx);
            assertEquals((0x45L << 32 | 0x123) ^ 0x6c727563L, r0);
        }
    }
}
