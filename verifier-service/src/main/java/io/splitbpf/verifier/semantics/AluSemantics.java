package io.splitbpf.verifier.semantics;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.EndianOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.UnsignedPivot;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Bound;
import io.splitbpf.verifier.domain.num.Congruence;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.MachineArithmetic;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.util.Optional;

/// Abstract transfer of arithmetic: `Alu`, `Endian` and `LoadImm64`.
///
/// Numbers go through [MachineArithmetic]; the zone keeps relations where an operation is a
/// translation (`r1 = r2`, `r1 += 4`, `r1 += r2` when nothing wraps), and congruences (the low
/// bits known of a value) through sums, constant products, shifts and masks, which keep them
/// even when the value wraps. Pointer arithmetic moves the region offset (and its congruence)
/// and keeps the region.
public final class AluSemantics {
    private static final Interval POINTER_VALUE = Interval.of(1, AnalysisContext.PTR_MAX);
    /// The largest region offset, either way, that pointer arithmetic keeps. Offsets are
    /// mathematical integers while addresses wrap modulo 2^64: an offset within 2^39 of its
    /// region's base cannot wrap, because the host's addresses lie between 2^40 and 2^41
    /// (TenantMemory.BASE). A larger offset is forgotten.
    static final long MAX_POINTER_OFFSET = 1L << 39;
    private static final Interval OFFSETS_THAT_CANNOT_WRAP = Interval.of(-MAX_POINTER_OFFSET, MAX_POINTER_OFFSET);

    private AluSemantics() {}

    public static EbpfState alu(EbpfState s, Alu a) {
        boolean is64 = a.width() == Width.W64;
        return switch (a.op()) {
            case MOV -> move(s, a.dst(), a.src(), is64);
            case MOVSX8 -> number(s, a.dst(), MachineArithmetic.signExtend(value(s, a.src()), 8, is64));
            case MOVSX16 -> number(s, a.dst(), MachineArithmetic.signExtend(value(s, a.src()), 16, is64));
            case MOVSX32 -> number(s, a.dst(), MachineArithmetic.signExtend(value(s, a.src()), 32, is64));
            case ADD -> is64 ? add(s, a.dst(), a.src(), false) : numeric(s, a, is64);
            case SUB -> is64 ? add(s, a.dst(), a.src(), true) : numeric(s, a, is64);
            case MUL, DIV, SDIV, MOD, SMOD, OR, AND, XOR, LSH, RSH, ARSH, NEG -> numeric(s, a, is64);
        };
    }

    /// The state after the pair `dst <<= 32; dst >>= 32` (or `s>>= 32`), from `beforeLeft`, the
    /// state before the left shift, when the pair leaves the number in `dst` as it was: it
    /// already fitted 32 bits unsigned (or signed, for `s>>=`). The pair is then the identity,
    /// so every relation of `dst` survives (PREVAIL recognises it as a zero or sign extension).
    public static Optional<EbpfState> extensionPair(EbpfState beforeLeft, Alu left, Alu right) {
        if (beforeLeft.isBottom() || !isShift64By32(left, AluOp.LSH) || left.dst() != right.dst()
                || !(isShift64By32(right, AluOp.RSH) || isShift64By32(right, AluOp.ARSH))
                || !beforeLeft.type(left.dst()).within(TypeSet.NUMBER)) {
            return Optional.empty();
        }
        Scalar v = beforeLeft.scalar(left.dst()).reconcile();
        boolean identity = right.op() == AluOp.RSH ? fitsUnsigned(v, 0xffff_ffffL)
                : !v.isBottom() && v.svalue().leq(Interval.of(Integer.MIN_VALUE, Integer.MAX_VALUE));
        return identity ? Optional.of(beforeLeft) : Optional.empty();
    }

    private static boolean isShift64By32(Alu a, AluOp op) {
        return a.op() == op && a.width() == Width.W64 && a.src() instanceof Imm(var n) && n == 32;
    }

    private static Scalar value(EbpfState s, Operand o) {
        return switch (o) {
            case Imm(var v) -> Scalar.of(v);
            case Reg r -> s.scalar(r);
        };
    }

    /// Whether every value of `v` lies in `[0, max]`.
    private static boolean fitsUnsigned(Scalar v, long max) {
        Scalar r = v.reconcile();
        return !r.isBottom() && r.svalue().leq(Interval.of(0, max));
    }

    private static EbpfState number(EbpfState s, Reg dst, Scalar v) {
        return s.withNumber(dst, v);
    }

    private static EbpfState move(EbpfState s, Reg dst, Operand src, boolean is64) {
        return switch (src) {
            case Imm(var v) -> number(s, dst, is64 ? Scalar.of(v) : Scalar.of(v & 0xffff_ffffL));
            case Reg r when is64 -> s.copyRegister(dst, r);
            // Invariant: TypeConstraint(src, number) from the extractor rejects `w1 = w2` of a
            // pointer, so truncating its value as a number is all that is left to model; a
            // value that fits 32 bits is copied with its relations.
            case Reg r -> fitsUnsigned(s.scalar(r), 0xffff_ffffL) ? s.copyRegister(dst, r)
                    : number(s, dst, MachineArithmetic.truncate(s.scalar(r), 32));
        };
    }

    /// Every operation that only numbers take part in.
    // Invariant: TypeConstraint(dst/src, number) rejects pointers here (32-bit add and sub
    // included), so the registers' types are not consulted.
    private static EbpfState numeric(EbpfState s, Alu a, boolean is64) {
        Scalar x = s.scalar(a.dst());
        Scalar y = value(s, a.src());
        if (a.op() == AluOp.AND && y.singleton().filter(m -> m >= 0 && Long.bitCount(m + 1) == 1).isPresent()
                && fitsUnsigned(x, y.singleton().get())) {
            // A mask of low bits that the value already fits leaves it (and its relations).
            return s;
        }
        Scalar r = switch (a.op()) {
            case ADD -> MachineArithmetic.add(x, y, is64);
            case SUB -> MachineArithmetic.sub(x, y, is64);
            case MUL -> MachineArithmetic.mul(x, y, is64);
            case DIV -> MachineArithmetic.udiv(x, y, is64);
            case SDIV -> MachineArithmetic.sdiv(x, y, is64);
            case MOD -> MachineArithmetic.umod(x, y, is64);
            case SMOD -> MachineArithmetic.smod(x, y, is64);
            case OR -> MachineArithmetic.or(x, y, is64);
            case AND -> MachineArithmetic.and(x, y, is64);
            case XOR -> MachineArithmetic.xor(x, y, is64);
            case LSH -> MachineArithmetic.lsh(x, y, is64);
            case RSH -> MachineArithmetic.rsh(x, y, is64);
            case ARSH -> MachineArithmetic.arsh(x, y, is64);
            case NEG -> MachineArithmetic.neg(x, is64);
            case MOV, MOVSX8, MOVSX16, MOVSX32 -> throw new IllegalStateException("moves are not numeric operations");
        };
        EbpfState out = number(s, a.dst(), r).withCongruence(a.dst(), congruence(s, a, y.singleton()));
        if (a.op() == AluOp.LSH && is64 && !r.uvalue().hi().isFinite()) {
            // The low k bits of x << k are zero: unsigned, at most 2^64 - 2^k, above 2^63.
            int k = MachineArithmetic.lshClearedBits(y, true);
            out = k == 0 ? out : UnsignedPivot.atMost(out, a.dst(), -(1L << k));
        }
        return out;
    }

    /// The congruence of the word `dst op src` that `a` leaves, from those of its operands in
    /// `s` (`k`: `src`'s value when known): sums and differences add them, a product or left
    /// shift by a constant multiplies, `and` with a constant keeps the mask's zeros; any other
    /// operation gives top. Each is exact on the low bits of words, so wrap-around keeps it; a
    /// 32-bit result keeps at most its low 32 bits' congruence, as its upper half is zero-filled.
    private static Congruence congruence(EbpfState s, Alu a, Optional<Long> k) {
        boolean is64 = a.width() == Width.W64;
        Congruence c = switch (a.op()) {
            case ADD -> s.congruence(a.dst()).plus(congruence(s, a.src()));
            case SUB -> s.congruence(a.dst()).plus(congruence(s, a.src()).times(-1));
            case MUL -> k.map(s.congruence(a.dst())::times).orElse(Congruence.top());
            case LSH -> k.filter(n -> n >= 0 && n < (is64 ? 64 : 32)).map(n -> s.congruence(a.dst()).times(1L << n))
                    .orElse(Congruence.top());
            case AND -> k.map(s.congruence(a.dst())::and).orElse(Congruence.top());
            default -> Congruence.top();
        };
        return is64 ? c : c.truncated(32);
    }

    /// The congruence of an operand's value.
    private static Congruence congruence(EbpfState s, Operand o) {
        return switch (o) {
            case Imm(var v) -> Congruence.of(v);
            case Reg r -> s.congruence(r);
        };
    }

    /// 64-bit `dst += src` (or `-=` when `negate`), where either side may be a pointer.
    private static EbpfState add(EbpfState s, Reg dst, Operand src, boolean negate) {
        TypeSet dt = s.type(dst);
        TypeSet st = src instanceof Reg r ? s.type(r) : TypeSet.NUMBER;
        if (negate && src instanceof Reg r && !dt.within(TypeSet.NUMBER) && dt.equals(st)) {
            return dt.single().isEmpty() && s.sameType(dst, r) ? differenceByType(s, dst, r, dt)
                    : pointerDifference(s, dst, r, dt);
        }
        if (st.within(TypeSet.NUMBER)) {
            return offsetBy(s, dst, dst, src, negate);
        }
        if (!negate && dt.within(TypeSet.NUMBER) && src instanceof Reg r) {
            return offsetBy(s.copyRegister(dst, r), dst, r, new Imm(0), false, s.scalar(dst), s.congruence(dst));
        }
        // Invariant: Addable and Comparable reject pointer + pointer and number - pointer, so
        // this only runs on rejected programs; an unknown value is a sound result.
        return s.setRegister(dst, TypeSet.INITIALISED);
    }

    private static EbpfState offsetBy(EbpfState s, Reg dst, Reg base, Operand src, boolean negate) {
        Scalar delta = value(s, src);
        Congruence step = congruence(s, src);
        if (negate) {
            delta = MachineArithmetic.neg(delta, true);
            step = step.times(-1);
        }
        return offsetBy(s, dst, base, src, negate, delta, step);
    }

    /// `dst` (already a copy of `base`) moves by `delta` (whose congruence is `step`): its
    /// numeric value and every offset of a region it may point to. Relations survive when
    /// `delta` is a constant, congruences always.
    private static EbpfState offsetBy(EbpfState s, Reg dst, Reg base, Operand src, boolean negate, Scalar delta,
                                      Congruence step) {
        TypeSet t = s.type(dst);
        boolean nullable = t.types().stream().anyMatch(RegionType::isNullable);
        if (nullable && !t.within(TypeSet.NUMBER) && s.scalar(dst).svalue().contains(0)) {
            // A maybe-null pointer moved by an offset could no longer be null-checked, and its
            // value is an address: it becomes a value no use accepts (Linux rejects the
            // arithmetic).
            return s.setRegister(dst, TypeSet.TOP);
        }
        ZoneDomain z = s.values();
        for (RegionType region : t.types()) {
            if (region.offsetKind().isPresent() && region != RegionType.MAP_FD && region != RegionType.MAP_FD_PROGRAMS) {
                String offset = Variables.of(dst, region.offsetKind().get());
                z = translate(z, offset, delta, src, negate, step);
                if (!z.interval(offset).leq(OFFSETS_THAT_CANNOT_WRAP)) {
                    // The address may have wrapped around: its offset could be anything, and
                    // every bound or comparison through it must be proven afresh.
                    z = z.forget(offset);
                }
            }
        }
        if (t.contains(RegionType.STACK)) {
            // Numeric bytes from the pointer: k fewer after moving k bytes up; moving down or
            // by an unknown amount, none are known any more.
            String size = Variables.of(dst, "stack_numeric_size");
            Optional<Long> k = delta.singleton();
            z = k.isPresent() && k.get() >= 0 && k.get() < Integer.MAX_VALUE ? z.assign(size, size, -k.get()) : z.forget(size);
        }
        Scalar old = s.scalar(dst).reconcile();
        Scalar sum = MachineArithmetic.add(old, delta, true);
        EbpfState out = s.withValues(z);
        if (!t.contains(RegionType.NUMBER)) {
            return movePointerValue(out, dst, old, sum, delta, src, negate);
        }
        if (!t.within(TypeSet.NUMBER)) {
            return out.withScalar(dst, new Scalar(sum.svalue().join(POINTER_VALUE), sum.uvalue().join(POINTER_VALUE)));
        }
        Interval delta64 = delta.svalue();
        if (delta64.singleton().isPresent() && sum.svalue().equals(old.svalue().add(delta64))
                && sum.viewsEqual() && old.viewsEqual()) {
            ZoneDomain shifted = out.values().assign(Variables.svalue(dst), Variables.svalue(dst), delta64.singleton().get())
                    .assign(Variables.uvalue(dst), Variables.uvalue(dst), delta64.singleton().get());
            return out.withValues(shifted);
        }
        // The word's low bits are those of the sum however it wrapped.
        out = out.withScalar(dst, sum).withCongruence(dst, s.congruence(dst).plus(step));
        if (src instanceof Reg r && !negate && r != dst && sum.svalue().equals(old.svalue().add(delta64))
                && old.svalue().lo().isFinite() && old.svalue().hi().isFinite()
                && old.svalue().lo().value() != Long.MIN_VALUE) {
            // dst' - src = old dst: keep that relation (PREVAIL's `r1.svalue-r2.svalue<=10`).
            // (Not when the old lower bound is -2^63: its negation does not exist.)
            out = out.withValues(out.values()
                    .assume(LinearConstraint.difference(Variables.svalue(dst),
                            Variables.svalue(r), old.svalue().hi().value()))
                    .assume(LinearConstraint.difference(Variables.svalue(r),
                            Variables.svalue(dst), -old.svalue().lo().value())));
        }
        return out;
    }

    /// A pointer's value moves with it while it stays positive (PREVAIL's pointer values):
    /// only its nullness means anything, and a non-null pointer stays non-null.
    // Invariant: maybe-null pointers were made unusable above, so `dst` is not null here.
    private static EbpfState movePointerValue(EbpfState s, Reg dst, Scalar old, Scalar sum, Scalar delta, Operand src,
                                              boolean negate) {
        boolean exact = sum.svalue().equals(old.svalue().add(delta.svalue()));
        if (exact && old.svalue().lo().compareTo(Bound.of(1)) >= 0 && sum.svalue().lo().compareTo(Bound.of(1)) >= 0
                && sum.viewsEqual() && old.viewsEqual()) {
            // Both views are the same positive number: make that explicit, then move both.
            String sv = Variables.svalue(dst);
            String uv = Variables.uvalue(dst);
            ZoneDomain z = s.values().assume(sv, old.svalue()).assume(uv, old.uvalue())
                    .assume(LinearConstraint.difference(sv, uv, 0)).assume(LinearConstraint.difference(uv, sv, 0));
            z = translate(z, sv, delta, src, negate, Congruence.top());
            return s.withValues(translate(z, uv, delta, src, negate, Congruence.top()));
        }
        return s.withScalar(dst, Scalar.ofSigned(POINTER_VALUE));
    }

    /// `x += delta` in the zone: `x`'s relations move with it (by `delta`'s range), and when
    /// `delta` is a register's value (not a constant), `x' - src` is bounded by the old `x`.
    /// `step`, `delta`'s congruence, moves `x`'s (a constant `delta` moves it anyway).
    // Invariant: x is an integer (a region offset, or a value whose sum cannot wrap: the
    // callers check both), so x' = x + delta exactly.
    private static ZoneDomain translate(ZoneDomain z, String x, Scalar delta, Operand src, boolean negate, Congruence step) {
        Interval d = delta.svalue();
        Interval old = z.interval(x);
        Congruence moved = d.singleton().isPresent() ? Congruence.top() : z.congruence(x).plus(step);
        ZoneDomain out = z.has(x) ? z.addRange(x, d) : z.assign(x, old.add(d));
        out = out.withCongruence(x, moved);
        if (d.singleton().isEmpty() && src instanceof Reg r && !negate && old.lo().isFinite() && old.hi().isFinite()
                && old.lo().value() != Long.MIN_VALUE) {
            String y = Variables.svalue(r);
            out = out.assume(LinearConstraint.difference(x, y, old.hi().value()))
                    .assume(LinearConstraint.difference(y, x, -old.lo().value()));
        }
        return out;
    }

    /// `dst -= src` for two registers of one type class with several possible types: a number,
    /// whichever type they share (the difference of their values or of their offsets).
    // Invariant: Comparable(dst, src) accepts one class only when its types are numbers or
    // single-instance regions, each of which has an offset.
    private static EbpfState differenceByType(EbpfState s, Reg dst, Reg src, TypeSet t) {
        Scalar out = null;
        for (RegionType type : t.types()) {
            Scalar d = type == RegionType.NUMBER ? MachineArithmetic.sub(s.scalar(dst), s.scalar(src), true)
                    : type.offsetKind().map(k -> Scalar.ofSigned(s.values().interval(Variables.of(dst, k))
                            .sub(s.values().interval(Variables.of(src, k))))).orElse(Scalar.top());
            out = out == null ? d : new Scalar(out.svalue().join(d.svalue()), out.uvalue().join(d.uvalue()));
        }
        return number(s, dst, out);
    }

    /// `dst -= src` for two pointers of the same single region: the difference of their
    /// offsets, a number.
    // Invariant: Comparable(dst, src) rejects pointers of different or non-singleton regions,
    // so `t` has one region here on every accepted program.
    private static EbpfState pointerDifference(EbpfState s, Reg dst, Reg src, TypeSet t) {
        if (t.single().isEmpty() || t.single().get().offsetKind().isEmpty()) {
            return s.setRegister(dst, TypeSet.INITIALISED);
        }
        String kind = t.single().get().offsetKind().get();
        String a = Variables.of(dst, kind);
        String b = Variables.of(src, kind);
        Interval lo = s.values().upperBound(b, a).isFinite()
                ? Interval.of(-s.values().upperBound(b, a).value(), Long.MAX_VALUE) : Interval.top();
        Interval hi = s.values().upperBound(a, b).isFinite()
                ? Interval.of(Long.MIN_VALUE, s.values().upperBound(a, b).value()) : Interval.top();
        Interval diff = lo.meet(hi).meet(s.values().interval(a).sub(s.values().interval(b)));
        Optional<Long> known = s.values().interval(b).singleton();
        if (known.isEmpty() || diff.lo().signum() < 0 || known.get() == Long.MIN_VALUE) {
            return number(s, dst, Scalar.ofSigned(diff));
        }
        // src's offset is known: the difference is dst's offset shifted, and keeps its relations
        // (PREVAIL's `r2.svalue=packet_size` for data_end - data).
        String sv = Variables.svalue(dst);
        ZoneDomain z = s.values().assign(sv, a, -known.get());
        z = z.forgetAll(Variables.all(dst).stream().filter(v -> !v.equals(sv)).toList());
        z = z.assume(sv, diff).assign(Variables.uvalue(dst), sv, 0);
        return s.withType(dst, TypeSet.NUMBER).withValues(z);
    }

    /// Byte swaps: `le` on this little-endian host truncates; `be` and `bswap` reorder bytes,
    /// so only the width is known.
    public static EbpfState endian(EbpfState s, Endian e) {
        Scalar v = s.scalar(e.dst());
        Scalar r = e.op() == EndianOp.LE ? MachineArithmetic.truncate(v, e.bits())
                : (e.bits() == 64 ? Scalar.top() : Scalar.ofUnsigned(Interval.unsignedRange(e.bits())));
        return number(s, e.dst(), r);
    }

    /// `lddw`: a constant, a map reference, or a pointer into a map's value (global data).
    public static EbpfState loadImm64(EbpfState s, LoadImm64 l, AnalysisContext ctx) {
        return switch (l.source()) {
            case IMM64 -> number(s, l.dst(), Scalar.of(l.value()));
            case MAP_FD, MAP_IDX -> mapReference(s, l.dst(), l.imm(), ctx);
            case MAP_VALUE, MAP_IDX_VALUE -> mapValue(s, l, ctx);
            // Not modelled: a value no check accepts where a pointer or number is needed.
            case BTF_ID, FUNC -> s.setRegister(l.dst(), TypeSet.INITIALISED);
        };
    }

    private static EbpfState mapReference(EbpfState s, Reg dst, int index, AnalysisContext ctx) {
        boolean programs = ctx.map(index).map(MapShape::isProgramArray).orElse(false);
        RegionType t = programs ? RegionType.MAP_FD_PROGRAMS : RegionType.MAP_FD;
        EbpfState out = s.setRegister(dst, TypeSet.of(t)).withScalar(dst, Scalar.ofSigned(POINTER_VALUE));
        return out.withValues(out.values().assign(Variables.of(dst, t.offsetKind().orElseThrow()), Interval.of(index)));
    }

    private static EbpfState mapValue(EbpfState s, LoadImm64 l, AnalysisContext ctx) {
        int size = ctx.map(l.imm()).map(MapShape::valueSize).orElse(0);
        EbpfState out = s.setRegister(l.dst(), TypeSet.of(RegionType.SHARED)).withScalar(l.dst(), Scalar.ofSigned(POINTER_VALUE));
        return out.withValues(out.values().assign(Variables.of(l.dst(), "shared_offset"), Interval.of(l.nextImm()))
                .assign(Variables.of(l.dst(), "shared_region_size"), Interval.of(size))
                .assign(Variables.of(l.dst(), "shared_readonly"), ctx.readOnly(Interval.of(l.imm()))));
    }
}
