package io.splitbpf.exec.fuzz;

import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.HelperTable;
import java.lang.foreign.MemorySegment;

/// The helpers generated programs call: deterministic functions of their arguments and of the
/// memory they are pointed at, so that any two engines must get the same answers from them.
/// Pointer arguments are checked against the run's regions, as every helper's are.
public final class FuzzHelpers {
    /// `mix(a, b, c, d, e)`: a hash of all five arguments.
    public static final int MIX = 1;
    /// `sum_bytes(ptr, len)`: a rolling hash of `len` (at most [#MAX_LEN]) bytes at `ptr`.
    public static final int SUM_BYTES = 2;
    /// `fill_bytes(ptr, len, byte)`: writes `len` (at most [#MAX_LEN]) copies of `byte` at `ptr`.
    public static final int FILL_BYTES = 3;
    /// `exit_if_zero(x, v)`: when `x` is 0, ends the program with r0 = `v`; returns `x + 1`.
    public static final int EXIT_IF_ZERO = 4;
    /// The most bytes `sum_bytes` and `fill_bytes` take.
    public static final int MAX_LEN = 64;

    private FuzzHelpers() {}

    /// The helper table generated programs run with.
    public static HelperTable table() {
        return HelperTable.builder()
                .add(MIX, "mix", (ctx, a, b, c, d, e) ->
                        Long.rotateLeft(a * 0x9e37_79b9_7f4a_7c15L ^ b, 17) + c * 31 - (d ^ Long.reverse(e)))
                .add(SUM_BYTES, "sum_bytes", (ctx, ptr, len, u3, u4, u5) -> sumBytes(ctx, ptr, len))
                .add(FILL_BYTES, "fill_bytes", (ctx, ptr, len, b, u4, u5) -> {
                    fillBytes(ctx, ptr, len, (byte) b);
                    return len;
                })
                .add(EXIT_IF_ZERO, "exit_if_zero", (ctx, x, v, u3, u4, u5) -> {
                    if (x == 0) {
                        ctx.requestExit(v);
                    }
                    return x + 1;
                })
                .build();
    }

    private static int checkedLength(long len) {
        if (len < 0 || len > MAX_LEN) {
            throw new IllegalArgumentException("length " + len + " out of range 0.." + MAX_LEN);
        }
        return (int) len;
    }

    private static long sumBytes(ExecContext ctx, long ptr, long len) {
        int n = checkedLength(len);
        if (n == 0) {
            return 0;
        }
        long off = ctx.checkedOffset(ptr, n, false);
        MemorySegment mem = ctx.memory().segment();
        long h = 0;
        for (int i = 0; i < n; i++) {
            h = h * 31 + (mem.get(TenantMemory.U8, off + i) & 0xff);
        }
        return h;
    }

    private static void fillBytes(ExecContext ctx, long ptr, long len, byte b) {
        int n = checkedLength(len);
        if (n == 0) {
            return;
        }
        long off = ctx.checkedOffset(ptr, n, true);
        ctx.memory().segment().asSlice(off, n).fill(b);
    }
}
