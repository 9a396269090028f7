package io.splitbpf.verifier.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.StackDomain;
import io.splitbpf.verifier.domain.ebpf.TypeDomain;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.num.Congruence;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/// Congruences through arithmetic: which operations compute one, which forget it, and that the
/// concrete result of an operation on values of the abstract state lies in the abstract result
/// (its interval and its congruence), for 64- and 32-bit operations, wrap-around included.
class AluCongruenceTest {
    private static EbpfState numbers() {
        return EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.empty(4096));
    }

    /// `r` in `[base, base + count·2^bits]`, `≡ base mod 2^bits`.
    private static EbpfState strided(EbpfState s, Reg r, long base, int count, int bits) {
        long hi = base + ((long) count << bits);
        return s.setRegister(r, TypeSet.NUMBER).withScalar(r, Scalar.ofSigned(Interval.of(base, hi)))
                .withCongruence(r, new Congruence(bits, base));
    }

    private static EbpfState run(EbpfState s, String line) {
        return AluSemantics.alu(s, (Alu) Assembler.of(Dialect.LLVM).assemble(line + "\n").insns().getFirst().insn());
    }

    @Test
    void stepsShiftsMasksAndProductsComputeCongruences() {
        EbpfState s = strided(numbers(), Reg.R1, 0, 63, 2);
        assertEquals(new Congruence(2, 0), s.congruence(Reg.R1));
        assertEquals(new Congruence(2, 0), run(s, "r1 += 4").congruence(Reg.R1));
        assertEquals(new Congruence(2, 2), run(s, "r1 -= 2").congruence(Reg.R1));
        assertEquals(new Congruence(2, 2), run(s, "w1 += 2").congruence(Reg.R1));
        assertEquals(new Congruence(4, 0), run(s, "r1 *= 4").congruence(Reg.R1));
        assertEquals(new Congruence(5, 0), run(s, "r1 <<= 3").congruence(Reg.R1));
        assertEquals(new Congruence(3, 0), run(run(s, "r1 = r0"), "r1 &= -8").congruence(Reg.R1), "and clears low bits of anything");
        assertEquals(new Congruence(2, 0), run(s, "r2 = r1").congruence(Reg.R2));
        EbpfState two = strided(s, Reg.R2, 8, 10, 3);
        assertEquals(new Congruence(2, 0), run(two, "r1 += r2").congruence(Reg.R1));
        assertEquals(new Congruence(2, 0), run(two, "r1 -= r2").congruence(Reg.R1));
    }

    /// `r1 += r2` with r1's lower bound -2^63: the relation `r2 - r1' <= -lo` has no bound to
    /// keep (-(-2^63) does not exist), and once made the state bottom, so that whatever followed
    /// was never checked.
    @Test
    void addingToAWordFromTheLeastValueKeepsTheState() {
        EbpfState s = numbers().setRegister(Reg.R1, TypeSet.NUMBER)
                .withScalar(Reg.R1, Scalar.ofSigned(Interval.of(Long.MIN_VALUE, Long.MIN_VALUE + 1)))
                .setRegister(Reg.R2, TypeSet.NUMBER).withScalar(Reg.R2, Scalar.ofSigned(Interval.of(0, 3)));
        EbpfState out = run(s, "r1 += r2");
        assertTrue(!out.isBottom());
        assertTrue(out.scalar(Reg.R1).svalue().contains(Long.MIN_VALUE + 4), out.scalar(Reg.R1).toString());
    }

    /// A value the congruence does not say anything about after an operation it does not model:
    /// the congruence is forgotten, so a later cut is not rounded.
    @Test
    void otherOperationsForgetIt() {
        EbpfState s = strided(numbers(), Reg.R1, 0, 63, 2);
        for (String op : new String[] {"r1 ^= 1", "r1 |= 0", "r1 /= 3", "r1 %= 8", "r1 >>= 1", "r1 = -r1", "r1 s>>= 1",
                "r1 *= r1", "r1 <<= r1", "r1 &= r1"}) {
            assertTrue(run(s, op).congruence(Reg.R1).isTop(), op);
        }
        assertEquals(Interval.of(0, 255), run(s, "r1 ^= 0").values().assume(
                io.splitbpf.verifier.domain.num.LinearConstraint.atMost("r1.svalue", 255)).interval("r1.svalue"));
    }

    @Provide
    Arbitrary<String> ops() {
        return Arbitraries.of("+=", "-=", "*=", "<<=", "&=", "|=", "^=");
    }

    @Provide
    Arbitrary<Long> bases() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-100, 100), Arbitraries.longs(),
                Arbitraries.of(Long.MAX_VALUE - 20, Long.MIN_VALUE, 0xffff_fff0L, (1L << 31) - 8, -(1L << 31)));
    }

    private static long apply(String op, long x, long y, boolean is64) {
        long r = switch (op) {
            case "+=" -> x + y;
            case "-=" -> x - y;
            case "*=" -> is64 ? x * y : (long) ((int) x * (int) y);
            case "<<=" -> is64 ? x << y : (long) ((int) x << y);
            case "&=" -> x & y;
            case "|=" -> x | y;
            case "^=" -> x ^ y;
            default -> throw new IllegalArgumentException(op);
        };
        return is64 ? r : r & 0xffff_ffffL;
    }

    /// `r1 op r2` (or `op imm`) on random concrete values of a state where each register lies in
    /// a strided range: the concrete result is in the resulting interval and congruence.
    @Property
    void concreteResultsLieInTheAbstractResult(@ForAll("ops") String op, @ForAll boolean is64, @ForAll boolean imm,
                                               @ForAll("bases") long xb, @ForAll("bases") long yb,
                                               @ForAll @IntRange(min = 0, max = 40) int kx,
                                               @ForAll @IntRange(min = 0, max = 40) int ky,
                                               @ForAll @IntRange(min = 0, max = 5) int nx,
                                               @ForAll @IntRange(min = 0, max = 5) int ny,
                                               @ForAll @IntRange(min = 0, max = 5) int ix,
                                               @ForAll @IntRange(min = 0, max = 5) int iy) {
        Assume.that(ix <= nx && iy <= ny);
        Assume.that(Math.multiplyHigh(nx, 1L << kx) == 0 && xb <= Long.MAX_VALUE - ((long) nx << kx));
        Assume.that(yb <= Long.MAX_VALUE - ((long) ny << ky));
        long x = xb + ((long) ix << kx);
        long y;
        EbpfState s = strided(numbers(), Reg.R1, xb, nx, kx);
        String line;
        if (imm || op.equals("<<=")) {
            y = op.equals("<<=") ? Math.floorMod(yb, is64 ? 64 : 32) : (int) yb;
            line = (is64 ? "r1 " : "w1 ") + op + " " + y;
        } else {
            y = yb + ((long) iy << ky);
            s = strided(s, Reg.R2, yb, ny, ky);
            line = is64 ? "r1 " + op + " r2" : "w1 " + op + " w2";
        }
        EbpfState out = run(s, line);
        long want = apply(op, x, y, is64);
        assertTrue(!out.isBottom(), line);
        Scalar v = out.scalar(Reg.R1);
        assertTrue(v.svalue().contains(want), line + ": " + want + " not in " + v);
        assertTrue(v.uvalue().contains(want) || want < 0 && !v.uvalue().hi().isFinite(), line + ": " + want + " not in " + v);
        assertTrue(out.congruence(Reg.R1).contains(want), line + ": " + want + " not in " + out.congruence(Reg.R1));
    }
}
