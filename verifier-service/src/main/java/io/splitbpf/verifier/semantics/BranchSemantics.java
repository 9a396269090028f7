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
import java.util.Optional;

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

    public static EbpfState assume(EbpfState s, Assume a, AnalysisContext ctx) {
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
        if (j.src() == dst) {
            return reflexive(op) ? s : EbpfState.bottom();
        }
        if (j.src() instanceof Reg src && dt.single().isEmpty() && !dt.isBottom() && s.sameType(dst, src)) {
            // One type, whichever it is: the condition holds in the cases it can hold in.
            EbpfState out = EbpfState.bottom();
            for (RegionType t : dt.types()) {
                out = out.join(assume(s.restrictClass(dst, TypeSet.of(t)), a, ctx));
            }
            return out;
        }
        if (j.src() instanceof Reg src && dt.within(TypeSet.FD) && dt.single().isPresent() && dt.equals(s.type(src))) {
            return mapReferences(s, dst, src, op, dt.single().get(), ctx);
        }
        if (j.src() instanceof Reg src && !dt.within(TypeSet.NUMBER) && dt.equals(s.type(src))
                && dt.single().flatMap(RegionType::offsetKind).isPresent()) {
            String kind = dt.single().flatMap(RegionType::offsetKind).get();
            return s.withValues(compare(s.values(), Variables.of(dst, kind), Variables.of(src, kind), 0, op));
        }
        if (j.src() instanceof Reg src && op == JmpOp.JEQ && dt.within(TypeSet.NUMBER) != s.type(src).within(TypeSet.NUMBER)) {
            return pointerEqualsNumber(s, dt.within(TypeSet.NUMBER) ? src : dst, dt.within(TypeSet.NUMBER) ? dst : src);
        }
        if (j.src() instanceof Reg src && !(dt.within(TypeSet.NUMBER) && s.type(src).within(TypeSet.NUMBER))) {
            return s;
        }
        TypeSet neverNull = new TypeSet(dt.bits() & NEVER_NULL.bits());
        if (j.src() instanceof Imm(var v) && v == 0 && j.width() == Width.W64 && !neverNull.isBottom()) {
            return comparedWithNull(s, dst, op, neverNull);
        }
        if (j.width() == Width.W32 && !fits32(s, dst, j.src(), op.isSigned())) {
            return low32(s, dst, j.src(), op);
        }
        return numeric(s, dst, j.src(), op);
    }

    /// Pointers that are never null.
    private static final TypeSet NEVER_NULL = TypeSet.of(RegionType.CTX, RegionType.PACKET, RegionType.STACK);

    /// `dst op 0` where `dst` may be a pointer that is never null: such a pointer decides the
    /// test by itself (its value means nothing here), the other types refine the value.
    private static EbpfState comparedWithNull(EbpfState s, Reg dst, JmpOp op, TypeSet neverNull) {
        Boolean holds = switch (op) {
            case JNE, JGT, JGE -> true;
            case JEQ, JLT, JLE -> false;
            // Invariant: TypeConstraint(dst, number) gates signed tests of pointers.
            case JSGT, JSGE, JSLT, JSLE, JA, JSET -> null;
        };
        if (holds == null) {
            return s;
        }
        TypeSet rest = new TypeSet(s.type(dst).bits() & ~neverNull.bits());
        EbpfState pointers = holds ? s.restrictClass(dst, neverNull) : EbpfState.bottom();
        EbpfState others = rest.isBottom() ? EbpfState.bottom() : numeric(s.restrictClass(dst, rest), dst, new Imm(0), op);
        return pointers.join(others);
    }

    /// A 32-bit condition on values whose low 32 bits are their value minus a known multiple
    /// of 2^32 (each lies in one block of 2^32 values; for signed tests a block centred on a
    /// multiple): the same condition on the values, shifted. Otherwise the state is kept.
    private static EbpfState low32(EbpfState s, Reg dst, Operand src, JmpOp op) {
        boolean signed = op.isSigned();
        Optional<Long> base = block(s.scalar(dst).svalue(), signed);
        if (base.isEmpty()) {
            return s;
        }
        ZoneDomain z = switch (src) {
            case Imm(var v) -> compareConstant(s.values(), Variables.svalue(dst),
                    (signed ? (long) v : v & 0xffff_ffffL) + base.get(), op);
            case Reg r -> {
                Optional<Long> other = block(s.scalar(r).svalue(), signed);
                yield other.isEmpty() ? s.values()
                        : compare(s.values(), Variables.svalue(dst), Variables.svalue(r), base.get() - other.get(), op);
            }
        };
        EbpfState out = resync(s.withValues(z), dst);
        return src instanceof Reg r ? resync(out, r) : out;
    }

    /// The multiple of 2^32 that a value in `v` minus its low 32 bits is, when it is the same
    /// for every value: low 32 bits read unsigned, or signed when `signed`.
    private static Optional<Long> block(Interval v, boolean signed) {
        if (!v.lo().isFinite() || !v.hi().isFinite()) {
            return Optional.empty();
        }
        long half = signed ? 1L << 31 : 0;
        long lo = v.lo().value();
        long hi = v.hi().value();
        if (lo > Long.MAX_VALUE - half || hi > Long.MAX_VALUE - half) {
            return Optional.empty();
        }
        long k = Math.floorDiv(lo + half, 1L << 32);
        if (k != Math.floorDiv(hi + half, 1L << 32) || k < Integer.MIN_VALUE || k > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(k << 32);
    }

    /// Whether `x op x` holds.
    private static boolean reflexive(JmpOp op) {
        return switch (op) {
            case JEQ, JGE, JLE, JSGE, JSLE -> true;
            case JNE, JGT, JLT, JSGT, JSLT -> false;
            case JA, JSET -> throw new IllegalArgumentException(op.mnemonic() + " is not a comparison");
        };
    }

    /// Two references to maps of one kind: equal exactly when they name the same map. An
    /// object's maps have one reference each; a map of maps' lookup gives references that only
    /// share the inner map's shape, so they are never known to differ.
    private static EbpfState mapReferences(EbpfState s, Reg dst, Reg src, JmpOp op, RegionType kind, AnalysisContext ctx) {
        String a = Variables.of(dst, kind.offsetKind().orElseThrow());
        String b = Variables.of(src, kind.offsetKind().orElseThrow());
        return switch (op) {
            case JEQ -> s.withValues(compare(s.values(), a, b, 0, op));
            case JNE -> {
                var fd = s.values().interval(a).singleton();
                boolean same = fd.isPresent() && fd.equals(s.values().interval(b).singleton())
                        && fd.get() >= 0 && fd.get() < ctx.info().mapCount();
                yield same ? EbpfState.bottom() : s;
            }
            default -> s;
        };
    }

    /// `pointer == number`: the pointer's value is refined (its nullness, the only meaning a
    /// pointer's value has here); the number is not, as a pointer's value bounds no address.
    // Invariant: a pointer's svalue/uvalue only say whether it may be null (no operation
    // turns them into a number), so refining them from the number is sound, the converse not.
    private static EbpfState pointerEqualsNumber(EbpfState s, Reg pointer, Reg number) {
        Scalar p = s.scalar(pointer);
        Scalar n = s.scalar(number);
        Scalar refined = new Scalar(p.svalue().meet(n.svalue()), p.uvalue().meet(n.uvalue())).reconcile();
        if (refined.isBottom()) {
            return EbpfState.bottom();
        }
        return s.withValues(s.values().assume(Variables.svalue(pointer), refined.svalue())
                .assume(Variables.uvalue(pointer), refined.uvalue()));
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
            // One case for Imm: two record patterns of it, one guarded, compile to a second
            // switch over the int, which the JVM bootstraps at its first run.
            case Imm(var v) -> signed || v >= 0 ? compareConstant(z, x, v, op) : compareHuge(z, x, op, v);
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
                if (d.singleton().filter(v -> v == c).isPresent()) {
                    yield ZoneDomain.bottom();
                }
                // x != k + c for a known y = k trims x's bounds, and the converse y's.
                Optional<Long> yk = z.interval(y).singleton();
                Optional<Long> xk = z.interval(x).singleton();
                if (yk.isPresent() && yk.get() <= Long.MAX_VALUE - Math.max(0, c) && yk.get() >= Long.MIN_VALUE - Math.min(0, c)) {
                    yield compareConstant(z, x, yk.get() + c, JmpOp.JNE);
                }
                if (xk.isPresent() && xk.get() >= Long.MIN_VALUE + Math.max(0, c) && xk.get() <= Long.MAX_VALUE + Math.min(0, c)) {
                    yield compareConstant(z, y, xk.get() - c, JmpOp.JNE);
                }
                yield z;
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
