package io.splitbpf.verifier.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.verifier.assertion.ProgramInfo;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.StackDomain;
import io.splitbpf.verifier.domain.ebpf.TypeDomain;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BranchSemanticsTest {
    private static final AnalysisContext CTX = new AnalysisContext(new ProgramInfo(ProgramTypeDescriptor.XDP, 0), List.of(),
            4096, 512, 65535, true, false, 100_000, ByteOrder.LITTLE_ENDIAN);
    private static final long TWO_32 = 1L << 32;

    private static EbpfState number(long lo, long hi) {
        EbpfState s = EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.empty(4096));
        return s.setRegister(Reg.R1, TypeSet.NUMBER).withScalar(Reg.R1, Scalar.ofSigned(Interval.of(lo, hi)));
    }

    private static EbpfState assume(EbpfState s, String condition, boolean holds) {
        Jump j = (Jump) Assembler.of(Dialect.LLVM).assemble(condition + " goto +0\n").insns().getFirst().insn();
        return BranchSemantics.assume(s, new Assume(j, holds), CTX);
    }

    @Test
    void thirtyTwoBitConditionsRefineWideValuesWithinOneBlock() {
        EbpfState s = number(TWO_32 + 10, TWO_32 + 11);
        assertEquals(Interval.of(TWO_32 + 11), assume(s, "if w1 == 11", true).scalar(Reg.R1).svalue());
        assertTrue(assume(s, "if w1 == 13", true).isBottom());
        assertTrue(assume(number(0xffff_fffeL, 0xffff_fffeL), "if w1 s> 0", true).isBottom(), "0xfffffffe is -2 as s32");
        assertTrue(assume(number(TWO_32 + 5, TWO_32 + 5), "if w1 < 5", true).isBottom());
    }

    @Test
    void thirtyTwoBitConditionsKeepValuesSpanningBlocks() {
        // The low 32 bits of [2^32 - 1, 2^32] are 0xffffffff or 0: no shift describes them.
        EbpfState s = number(TWO_32 - 1, TWO_32);
        EbpfState zero = assume(s, "if w1 == 0", true);
        EbpfState nonZero = assume(s, "if w1 != 0", true);
        assertFalse(zero.isBottom() || nonZero.isBottom());
        assertTrue(zero.scalar(Reg.R1).svalue().contains(TWO_32) && nonZero.scalar(Reg.R1).svalue().contains(TWO_32 - 1));
    }

    @Test
    void pointersThatAreNeverNullDecideNullChecksThemselves() {
        // r1 is the number 0 or a context pointer: the join lends the number's value to both.
        EbpfState zero = number(0, 0);
        EbpfState ctx = zero.setRegister(Reg.R1, TypeSet.of(io.splitbpf.verifier.domain.ebpf.RegionType.CTX));
        EbpfState either = zero.join(ctx);
        assertEquals(Interval.of(0), either.scalar(Reg.R1).svalue());
        EbpfState nonNull = assume(either, "if r1 != 0", true);
        assertEquals(TypeSet.of(io.splitbpf.verifier.domain.ebpf.RegionType.CTX), nonNull.type(Reg.R1),
                "the context pointer is not null, whatever the value says");
        assertEquals(TypeSet.NUMBER, assume(either, "if r1 == 0", true).type(Reg.R1));
    }
}
