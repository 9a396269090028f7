package io.splitbpf.exec.jit;

import io.splitbpf.core.isa.Reg;

/// Where each eBPF register lives in a compiled function's JVM locals.
///
/// Every function is `static long f(ExecContext ctx, MemorySegment mem, long r1, …, long r5,
/// long r10, int depth)`: the arguments of a bpf-to-bpf call (r1–r5) and the callee's frame
/// pointer arrive as parameters, so a call is one `invokestatic`, and r0, r6–r9 are plain
/// locals. Callee-saved registers need no saving: each function has its own locals. Two slots
/// per `long`.
public final class LocalsLayout {
    static final int CTX = 0;
    static final int MEM = 1;
    static final int DEPTH = 14;
    private static final int[] SLOTS = {15, 2, 4, 6, 8, 10, 17, 19, 21, 23, 12};
    /// The first free local after the registers.
    static final int FIRST_TEMP = 25;

    private LocalsLayout() {}

    /// The local slot of `reg`.
    static int slot(Reg reg) {
        return SLOTS[reg.number()];
    }
}
