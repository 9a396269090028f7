package io.splitbpf.exec.bench;

import io.splitbpf.exec.jit.CompiledProgram;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/// The timed loops. [Bencher] defines a hidden copy of this class for every program it
/// measures, so each copy's call site sees one program class only and the JVM inlines the
/// program into the loop, as it would in a real caller; a shared loop would turn megamorphic
/// after the third program and add a virtual call to every run. Self-contained for that
/// reason: it refers to nothing of its own package but [Bencher.Loop].
///
/// So that inlining cannot turn the measured work into no work, each run reads r1 and r2 from
/// volatile fields (the JVM cannot hoist what depends on them out of the loop), and the sum of
/// all r0s is kept in a volatile field (it cannot drop the runs either), as JMH's blackholes do.
final class RunLoop implements Bencher.Loop {
    private volatile long opaqueR1;
    private volatile long opaqueR2;
    private volatile long sink;

    @Override
    public long runCompiled(CompiledProgram program, ExecContext ctx, MemorySegment mem, long r1, long r2, long n,
            MemorySegment pristine, long inputOffset) {
        opaqueR1 = r1;
        opaqueR2 = r2;
        long r0 = 0;
        long sum = 0;
        if (pristine == null) {
            for (long i = 0; i < n; i++) {
                r0 = program.run(ctx, mem, opaqueR1, opaqueR2, 0, 0, 0);
                sum += r0;
            }
        } else {
            long len = pristine.byteSize();
            for (long i = 0; i < n; i++) {
                MemorySegment.copy(pristine, ValueLayout.JAVA_BYTE, 0, mem, ValueLayout.JAVA_BYTE, inputOffset, len);
                r0 = program.run(ctx, mem, opaqueR1, opaqueR2, 0, 0, 0);
                sum += r0;
            }
        }
        sink = sum;
        return r0;
    }

    @Override
    public long runLoaded(ExecutionEngine.LoadedCode code, ExecContext ctx, MemorySegment mem, long[] args, long n,
            MemorySegment pristine, long inputOffset) {
        long r0 = 0;
        if (pristine == null) {
            for (long i = 0; i < n; i++) {
                r0 = code.run(ctx, args);
            }
        } else {
            long len = pristine.byteSize();
            for (long i = 0; i < n; i++) {
                MemorySegment.copy(pristine, ValueLayout.JAVA_BYTE, 0, mem, ValueLayout.JAVA_BYTE, inputOffset, len);
                r0 = code.run(ctx, args);
            }
        }
        return r0;
    }
}
