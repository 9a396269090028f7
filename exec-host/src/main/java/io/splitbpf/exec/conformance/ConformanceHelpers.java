package io.splitbpf.exec.conformance;

import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.HelperTable;
import java.lang.foreign.MemorySegment;

/// The helpers that conformance test vectors call. These are the test harness's helpers, not
/// Linux's: bpf_conformance and uBPF's tests number them 0–5, as uBPF's test runner registers
/// them. Pointer arguments are checked against the run's regions like every helper's.
public final class ConformanceHelpers {
    /// The longest string `strcmp_ext` reads before it gives up.
    private static final int MAX_STRING = 4096;

    private ConformanceHelpers() {}

    /// uBPF's test helpers: 0 gather_bytes, 1 memfrob, 2 no_op, 3 sqrti, 4 strcmp_ext and 5
    /// unwind (returns its argument; when that is 0 the program ends with r0 = 0).
    public static HelperTable table() {
        return HelperTable.builder()
                .add(0, "gather_bytes", (ctx, a, b, c, d, e) ->
                        (a & 0xff) << 32 | (b & 0xff) << 24 | (c & 0xff) << 16 | (d & 0xff) << 8 | (e & 0xff))
                .add(1, "memfrob", (ctx, ptr, len, u3, u4, u5) -> {
                    memfrob(ctx, ptr, len);
                    return 0;
                })
                .add(2, "no_op", (ctx, u1, u2, u3, u4, u5) -> 0)
                .add(3, "sqrti", (ctx, x, u2, u3, u4, u5) -> (long) Math.sqrt((double) (x & 0xffff_ffffL)))
                .add(4, "strcmp_ext", (ctx, a, b, u3, u4, u5) -> strcmp(ctx, a, b))
                .add(5, "unwind", (ctx, x, u2, u3, u4, u5) -> {
                    if (x == 0) {
                        ctx.requestExit(0);
                    }
                    return x;
                })
                .build();
    }

    private static void memfrob(ExecContext ctx, long ptr, long len) {
        if (len < 0 || len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memfrob length " + len + " out of range");
        }
        if (len == 0) {
            return;
        }
        long off = ctx.checkedOffset(ptr, (int) len, true);
        MemorySegment mem = ctx.memory().segment();
        for (long i = 0; i < len; i++) {
            mem.set(TenantMemory.U8, off + i, (byte) (mem.get(TenantMemory.U8, off + i) ^ 42));
        }
    }

    private static long strcmp(ExecContext ctx, long a, long b) {
        MemorySegment mem = ctx.memory().segment();
        for (int i = 0; i < MAX_STRING; i++) {
            int ca = mem.get(TenantMemory.U8, ctx.checkedOffset(a + i, 1, false)) & 0xff;
            int cb = mem.get(TenantMemory.U8, ctx.checkedOffset(b + i, 1, false)) & 0xff;
            if (ca != cb || ca == 0) {
                return ca - cb;
            }
        }
        throw new IllegalArgumentException("strcmp_ext: strings longer than " + MAX_STRING + " bytes");
    }
}
