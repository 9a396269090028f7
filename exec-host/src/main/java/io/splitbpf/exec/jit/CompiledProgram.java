package io.splitbpf.exec.jit;

import io.splitbpf.exec.runtime.ExecContext;
import java.lang.foreign.MemorySegment;

/// What a JIT-compiled program's hidden class implements.
public interface CompiledProgram {
    /// Runs the program with r1–r5 and returns r0. `memory` is the segment of `ctx`'s tenant.
    long run(ExecContext ctx, MemorySegment memory, long r1, long r2, long r3, long r4, long r5);
}
