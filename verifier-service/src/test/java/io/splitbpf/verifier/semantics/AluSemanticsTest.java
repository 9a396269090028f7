package io.splitbpf.verifier.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.StackDomain;
import io.splitbpf.verifier.domain.ebpf.TypeDomain;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.UnsignedPivot;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Bound;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AluSemanticsTest {
    /// r1 in [lo, hi] and r2 a copy of it.
    private static EbpfState copies(long lo, long hi) {
        EbpfState s = EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.empty(4096));
        s = s.setRegister(Reg.R1, TypeSet.NUMBER).withScalar(Reg.R1, Scalar.ofSigned(Interval.of(lo, hi)));
        return s.copyRegister(Reg.R2, Reg.R1);
    }

    private static EbpfState run(EbpfState s, String line) {
        return AluSemantics.alu(s, (Alu) Assembler.of(Dialect.LLVM).assemble(line + "\n").insns().getFirst().insn());
    }

    private static Bound difference(EbpfState s) {
        return s.values().upperBound(Variables.svalue(Reg.R2), Variables.svalue(Reg.R1));
    }

    @Test
    void masksAndThirtyTwoBitMovesThatChangeNothingKeepRelations() {
        assertEquals(Bound.ZERO, difference(run(copies(0, 255), "r2 &= 255")));
        assertEquals(Bound.ZERO, difference(run(copies(0, 100), "w2 = w2")));
        assertEquals(Bound.ZERO, difference(run(copies(0, 100), "w2 = w1")));
    }

    @Test
    void masksAndThirtyTwoBitMovesThatMayChangeTheValueDropThem() {
        EbpfState masked = run(copies(0, 300), "r2 &= 255");
        assertEquals(Interval.of(0, 255), masked.scalar(Reg.R2).svalue());
        assertEquals(Bound.of(255), difference(masked), "only what the intervals give");
        EbpfState truncated = run(copies(-1, 10), "w2 = w1");
        assertEquals(Bound.of(0xffff_ffffL + 1), difference(truncated), "only what the intervals give");
    }

    /// `x << k` has its low k bits clear: unsigned at most `2^64 - 2^k` (above 2^63, so kept
    /// through the pivot), for as long as the register keeps that value.
    @Test
    void wrappingLeftShiftsBoundTheirUnsignedViewAbove2To63() {
        EbpfState shifted = run(run(copies(0, 1L << 32), "r1 <<= 32"), "r3 = r1");
        long over = (1L << 63) - (1L << 32) + 2; // 2^64 - 2^32 - (2^63 - 2), the pivot's value
        assertEquals(Optional.of(over), UnsignedPivot.overPivot(shifted, Variables.uvalue(Reg.R1)));
        assertEquals(Optional.of(over), UnsignedPivot.overPivot(shifted, Variables.uvalue(Reg.R3)), "copied");
        assertEquals(Optional.empty(), UnsignedPivot.overPivot(run(shifted, "r1 ^= r2"), Variables.uvalue(Reg.R1)),
                "a new value forgets it");
        assertEquals(Optional.empty(), UnsignedPivot.overPivot(run(copies(0, 1L << 32), "r1 <<= r2"),
                Variables.uvalue(Reg.R1)), "a shift that may be by 0 clears nothing");
    }
}
