package io.splitbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// [Verifier#prove]: the facts an accepted program's invariants give, and the budget that
/// stops an analysis.
class ProveTest {
    private static final String PACKET = """
            r2 = *(u32 *)(r1 + 0)
            r3 = *(u32 *)(r1 + 4)
            r4 = r2
            r4 += 14
            if r4 > r3 goto +1
            r0 = *(u8 *)(r2 + 13)
            r0 = 1
            exit
            """;
    /// A loop the analysis must iterate to its bound: many steps.
    private static final String LOOP = "r0 = 0\nr1 = 0\nr1 += 1\nif r1 < 1000 goto -2\nexit\n";

    private static ProgramSpec program(String asm) {
        return new ProgramSpec("p", "xdp", ProgramType.XDP, Optional.empty(), "",
                Assembler.of(Dialect.LLVM).assemble(asm), "GPL", List.of(), List.of());
    }

    private static Verification prove(String asm, AnalysisBudget budget) {
        return Verifier.prove(program(asm), List.of(VerifierTest.ARRAY), ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults(), budget);
    }

    @Test
    void acceptedProgramsProveTheirExitRangeAndTheirAccesses() {
        Verification v = prove(PACKET, AnalysisBudget.unlimited());
        assertEquals(Verdict.ACCEPTED, v.report().verdict(), v.report().summary());
        assertEquals(List.of(
                new ProvenFact(ProvenFact.R0_RANGE, -1, 1, 1, ""),
                new ProvenFact(ProvenFact.MEM_ACCESS, 0, 0, 0, "ctx"),
                new ProvenFact(ProvenFact.MEM_ACCESS, 1, 4, 4, "ctx"),
                new ProvenFact(ProvenFact.MEM_ACCESS, 5, 13, 13, "packet")), v.facts());
    }

    @Test
    void stackAccessesAreOffsetsIntoTheWholeStack() {
        Verification v = prove("r1 = 3\n*(u64 *)(r10 - 8) = r1\nr0 = *(u64 *)(r10 - 8)\nr0 = 0\nexit\n",
                AnalysisBudget.unlimited());
        int top = VerifierOptions.defaults().totalStackSize();
        assertTrue(v.facts().contains(new ProvenFact(ProvenFact.MEM_ACCESS, 1, top - 8, top - 8, "stack")), v.facts().toString());
        assertTrue(v.facts().contains(new ProvenFact(ProvenFact.MEM_ACCESS, 2, top - 8, top - 8, "stack")), v.facts().toString());
    }

    @Test
    void rejectedProgramsProveNothing() {
        Verification v = prove("r2 = *(u32 *)(r1 + 0)\nr0 = *(u8 *)(r2 + 0)\nr0 = 1\nexit\n", AnalysisBudget.unlimited());
        assertEquals(Verdict.REJECTED, v.report().verdict());
        assertEquals(List.of(), v.facts());
    }

    @Test
    void theStepLimitStopsTheAnalysis() {
        // Each iteration over the loop charges its instructions again.
        AnalysisBudget enough = AnalysisBudget.of(Duration.ofMinutes(1), Long.MAX_VALUE);
        assertEquals(Verdict.ACCEPTED, prove(LOOP, enough).report().verdict());
        assertTrue(enough.steps() > 5, "steps " + enough.steps());
        AnalysisBudget tight = AnalysisBudget.of(Duration.ofMinutes(1), enough.steps() - 1);
        AnalysisLimitException e = assertThrows(AnalysisLimitException.class, () -> prove(LOOP, tight));
        assertEquals(AnalysisLimitException.Limit.STEPS, e.limit());
        assertTrue(e.getMessage().contains("more than " + (enough.steps() - 1) + " steps"), e.getMessage());
    }

    @Test
    void theDeadlineStopsTheAnalysis() {
        AnalysisBudget budget = AnalysisBudget.of(Duration.ofNanos(1), Long.MAX_VALUE);
        AnalysisLimitException e = assertThrows(AnalysisLimitException.class, () -> prove(LOOP, budget));
        assertEquals(AnalysisLimitException.Limit.TIME, e.limit());
        assertTrue(e.getMessage().startsWith("the analysis ran longer than"), e.getMessage());
    }
}
