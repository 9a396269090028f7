package io.splitbpf.exec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.conformance.ConformanceHelpers;
import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/// The set-up the benchmarks share: result check, input restoring, the timed loop. (What it
/// measures is not tested: no timed tests.)
class BencherTest {
    private static final byte[] INPUT = {1, 2, 3, 4};

    private static InsnSeq asm(String text) {
        return Assembler.of(Dialect.LLVM).assemble(text);
    }

    private static List<ExecutionEngine> engines() {
        return List.of(new JitCompiler(), new Interpreter());
    }

    @Test
    void aProgramThatReadsItsInputIsRunWithoutRestoringIt() {
        for (ExecutionEngine e : engines()) {
            try (Bencher b = Bencher.of(e, asm("r0 = *(u8 *)(r1 + 2)\nr0 += r2\nexit"), ConformanceHelpers.table(), INPUT)) {
                assertEquals(7, b.check(7), e.name());
                assertFalse(b.restoresInput(), e.name());
                assertEquals(7, b.run(1000), e.name());
                assertEquals(7, b.runOnce(), e.name());
            }
        }
    }

    /// The program increments its first input byte: without restoring, each run would see a
    /// different value.
    @Test
    void aProgramThatWritesItsInputGetsItBackBeforeEachRun() {
        InsnSeq inc = asm("r0 = *(u8 *)(r1 + 0)\nr0 += 1\n*(u8 *)(r1 + 0) = r0\nexit");
        for (ExecutionEngine e : engines()) {
            try (Bencher b = Bencher.of(e, inc, ConformanceHelpers.table(), INPUT)) {
                assertEquals(2, b.check(2), e.name());
                assertTrue(b.restoresInput(), e.name());
                assertEquals(2, b.run(100), e.name());
                assertEquals(2, b.runOnce(), e.name());
            }
        }
    }

    @Test
    void aWrongResultIsRefusedBeforeTiming() {
        for (ExecutionEngine e : engines()) {
            try (Bencher b = Bencher.of(e, asm("r0 = 1\nexit"), ConformanceHelpers.table(), null)) {
                assertThrows(IllegalStateException.class, () -> b.run(1), e.name());
                IllegalStateException ex = assertThrows(IllegalStateException.class, () -> b.check(2), e.name());
                assertEquals("r0 = 0x1, expected 0x2", ex.getMessage());
            }
        }
    }

    @Test
    void measurementsHaveOneFigurePerRound() {
        try (Bencher b = Bencher.of(new JitCompiler(), asm("r0 = r2\nexit"), ConformanceHelpers.table(), INPUT)) {
            Bencher.Measurement m = b.measure(4, 1_000_000, 3, 1_000_000);
            assertEquals(3, m.rounds());
            assertTrue(m.min() <= m.median());
            assertTrue(m.runsPerRound() >= 1);
        }
    }
}
