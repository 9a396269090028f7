package io.splitbpf.verifier.semantics;

import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;

/// Abstract transfer of [Assume]: refines a state by a jump condition (or its negation).
///
/// Numbers are refined on their signed or unsigned views, as difference constraints when the
/// other side is a register, so that correlated variables follow. Pointers to the same
/// region are refined on their offsets (this is how `if r2 > r3` against `data_end` bounds
/// `packet_size`). A 32-bit condition refines only when both values fit their 32-bit views;
/// otherwise the state is kept, which is sound.
public final class BranchSemantics {
    private BranchSemantics() {}

    /// The condition that holds exactly when `op` fails (`JSET` has none).
    public static JmpOp negate(JmpOp op) {
        return switch (op) {
            case JEQ -> JmpOp.JNE;
            case JNE -> JmpOp.JEQ;
            case JGT -> JmpOp.JLE;
            case JLE -> JmpOp.JGT;
            case JGE -> JmpOp.JLT;
            case JLT -> JmpOp.JGE;
            case JSGT -> JmpOp.JSLE;
            case JSLE -> JmpOp.JSGT;
            case JSGE -> JmpOp.JSLT;
            case JSLT -> JmpOp.JSGE;
            case JA, JSET -> throw new IllegalArgumentException(op.mnemonic() + " has no negation");
        };
    }

    public static EbpfState assume(EbpfState s, Assume a) {
        if (s.isBottom()) {
            return s;
        }
        Jump j = a.condition();
        if (j.op() == JmpOp.JSET) {
            return bitTest(s, j, a.holds());
        }
        JmpOp op = a.holds() ? j.op() : negate(j.op());
        Reg dst = j.dst();
        TypeSet dt = s.type(dst);
        if (j.src() instanceof Reg src && !dt.within(TypeSet.NUMBER) && dt.equals(s.type(src))
                && dt.single().flatMap(RegionType::offsetKind).isPresent()) {
            String kind = dt.single().flatMap(RegionType::offsetKind).get();
            return s.withValues(compare(s.values(), Variables.of(dst, kind), Variables.of(src, kind), 0, op));
        }
        if (j.src() instanceof Reg src && !(dt.within(TypeSet.NUMBER) && s.type(src).within(TypeSet.NUMBER))) {
            return s;
        }
        if (j.width() == Width.W32 && !fits32(s, dst, j.src(), op.isSigned())) {
            return s;
        }
        return numeric(s, dst, j.src(), op);
    }

    private static boolean fits32(EbpfState s, Reg dst, Operand src, boolean signed) {
        if (src instanceof Imm(var v) && !signed && v < 0) {
            return false;
        }
        return fits32(s.scalar(dst), signed) && (!(src instanceof Reg r) || fits32(s.scalar(r), signed));
    }

    private static boolean fits32(Scalar v, boolean signed) {
        return signed ? v.svalue().leq(Scalar.S32) : v.uvalue().leq(Scalar.U32);
    }

    /// Refines the signed (for signed and equality tests also unsigned) views of numbers.
    private static EbpfState numeric(EbpfState s, Reg dst, Operand src, JmpOp op) {
        ZoneDomain z = s.values();
        if (op.isSigned()) {
            z = on(z, Variables.svalue(dst), src, op, true);
        } else if (op == JmpOp.JEQ || op == JmpOp.JNE) {
            z = on(on(z, Variables.svalue(dst), src, op, true), Variables.uvalue(dst), src, op, false);
        } else {
            z = on(z, Variables.uvalue(dst), src, op, false);
        }
        EbpfState out = s.withValues(z);
        out = resync(out, dst);
        return src instanceof Reg r ? resync(out, r) : out;
    }

    /// Lets each view of `r` sharpen the other after one was refined.
    private static EbpfState resync(EbpfState s, Reg r) {
        if (s.isBottom()) {
            return s;
        }
        Scalar v = s.scalar(r);
        Scalar w = v.reconcile();
        if (w.isBottom()) {
            return EbpfState.bottom();
        }
        if (w.equals(v)) {
            return s;
        }
        ZoneDomain z = s.values().assume(Variables.svalue(r), w.svalue()).assume(Variables.uvalue(r), w.uvalue());
        return s.withValues(z);
    }

    private static ZoneDomain on(ZoneDomain z, String x, Operand src, JmpOp op, boolean signed) {
        return switch (src) {
            case Reg r -> compare(z, x, signed ? Variables.svalue(r) : Variables.uvalue(r), 0, op);
            case Imm(var v) when signed || v >= 0 -> compareConstant(z, x, v, op);
            case Imm(var v) -> compareHuge(z, x, op, v);
        };
    }

    /// `x op y + c` as difference constraints.
    private static ZoneDomain compare(ZoneDomain z, String x, String y, long c, JmpOp op) {
        if (x.equals(y)) {
            // A register compared with itself (`if r1 == r1`): `0 op c` decides the condition,
            // and a difference constraint needs two variables.
            boolean holds = switch (op) {
                case JEQ -> c == 0;
                case JNE -> c != 0;
                case JGT, JSGT -> 0 > c;
                case JGE, JSGE -> 0 >= c;
                case JLT, JSLT -> 0 < c;
                case JLE, JSLE -> 0 <= c;
                case JA, JSET -> true;
            };
            return holds ? z : ZoneDomain.bottom();
        }
        return switch (op) {
            case JEQ -> z.assume(LinearConstraint.difference(x, y, c)).assume(LinearConstraint.difference(y, x, -c));
            case JNE -> {
                Interval d = z.interval(x).sub(z.interval(y));
                yield d.singleton().filter(v -> v == c).isPresent() ? ZoneDomain.bottom() : z;
            }
            case JGT, JSGT -> z.assume(LinearConstraint.difference(y, x, -c - 1));
            case JGE, JSGE -> z.assume(LinearConstraint.difference(y, x, -c));
            case JLT, JSLT -> z.assume(LinearConstraint.difference(x, y, c - 1));
            case JLE, JSLE -> z.assume(LinearConstraint.difference(x, y, c));
            case JA, JSET -> z;
        };
    }

    private static ZoneDomain compareConstant(ZoneDomain z, String x, long c, JmpOp op) {
        Interval i = z.interval(x);
        return switch (op) {
            case JEQ -> z.assume(x, Interval.of(c));
            case JNE -> {
                if (i.singleton().filter(v -> v == c).isPresent()) {
                    yield ZoneDomain.bottom();
                }
                if (i.lo().isFinite() && i.lo().value() == c) {
                    yield z.assume(LinearConstraint.atLeast(x, c + 1));
                }
                yield i.hi().isFinite() && i.hi().value() == c ? z.assume(LinearConstraint.atMost(x, c - 1)) : z;
            }
            case JGT, JSGT -> c == Long.MAX_VALUE ? ZoneDomain.bottom() : z.assume(LinearConstraint.atLeast(x, c + 1));
            case JGE, JSGE -> c == Long.MIN_VALUE ? z : z.assume(LinearConstraint.atLeast(x, c));
            case JLT, JSLT -> c == Long.MIN_VALUE ? ZoneDomain.bottom() : z.assume(LinearConstraint.atMost(x, c - 1));
            case JLE, JSLE -> z.assume(LinearConstraint.atMost(x, c));
            case JA, JSET -> z;
        };
    }

    /// An unsigned comparison against a negative immediate, i.e. a constant of at least 2^63:
    /// only "greater" tests say something (the value is then at least 2^63 too).
    private static ZoneDomain compareHuge(ZoneDomain z, String x, JmpOp op, long c) {
        return switch (op) {
            case JGT, JGE -> z.assume(LinearConstraint.atLeast(x, Long.MAX_VALUE));
            default -> z;
        };
    }

    /// `if dst & src`: decided only when both are known constants.
    private static EbpfState bitTest(EbpfState s, Jump j, boolean holds) {
        var a = s.scalar(j.dst()).singleton();
        var b = switch (j.src()) {
            case Imm(var v) -> java.util.Optional.of((long) v);
            case Reg r -> s.scalar(r).singleton();
        };
        if (a.isEmpty() || b.isEmpty() || !s.type(j.dst()).within(TypeSet.NUMBER)) {
            return s;
        }
        long bits = a.get() & b.get();
        if (j.width() == Width.W32) {
            bits &= 0xffff_ffffL;
        }
        return (bits != 0) == holds ? s : EbpfState.bottom();
    }
}
