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
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.MachineArithmetic;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;

/// Abstract transfer of arithmetic: `Alu`, `Endian` and `LoadImm64`.
///
/// Numbers go through [MachineArithmetic]; the zone keeps relations where an operation is a
/// translation (`r1 = r2`, `r1 += 4`, `r1 += r2` when nothing wraps). Pointer arithmetic
/// moves the region offset and keeps the region.
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

    private static Scalar value(EbpfState s, Operand o) {
        return switch (o) {
            case Imm(var v) -> Scalar.of(v);
            case Reg r -> s.scalar(r);
        };
    }

    private static EbpfState number(EbpfState s, Reg dst, Scalar v) {
        return s.setRegister(dst, TypeSet.NUMBER).withScalar(dst, v);
    }

    private static EbpfState move(EbpfState s, Reg dst, Operand src, boolean is64) {
        return switch (src) {
            case Imm(var v) -> number(s, dst, is64 ? Scalar.of(v) : Scalar.of(v & 0xffff_ffffL));
            case Reg r when is64 -> s.copyRegister(dst, r);
            // Invariant: TypeConstraint(src, number) from the extractor rejects `w1 = w2` of a
            // pointer, so truncating its value as a number is all that is left to model.
            case Reg r -> number(s, dst, MachineArithmetic.truncate(s.scalar(r), 32));
        };
    }

    /// Every operation that only numbers take part in.
    // Invariant: TypeConstraint(dst/src, number) rejects pointers here (32-bit add and sub
    // included), so the registers' types are not consulted.
    private static EbpfState numeric(EbpfState s, Alu a, boolean is64) {
        Scalar x = s.scalar(a.dst());
        Scalar y = value(s, a.src());
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
        return number(s, a.dst(), r);
    }

    /// 64-bit `dst += src` (or `-=` when `negate`), where either side may be a pointer.
    private static EbpfState add(EbpfState s, Reg dst, Operand src, boolean negate) {
        TypeSet dt = s.type(dst);
        TypeSet st = src instanceof Reg r ? s.type(r) : TypeSet.NUMBER;
        if (negate && src instanceof Reg r && !dt.within(TypeSet.NUMBER) && dt.equals(st)) {
            return pointerDifference(s, dst, r, dt);
        }
        if (st.within(TypeSet.NUMBER)) {
            return offsetBy(s, dst, dst, src, negate);
        }
        if (!negate && dt.within(TypeSet.NUMBER) && src instanceof Reg r) {
            return offsetBy(s.copyRegister(dst, r), dst, r, new Imm(0), false, s.scalar(dst));
        }
        // Invariant: Addable and Comparable reject pointer + pointer and number - pointer, so
        // this only runs on rejected programs; an unknown value is a sound result.
        return s.setRegister(dst, TypeSet.INITIALISED);
    }

    private static EbpfState offsetBy(EbpfState s, Reg dst, Reg base, Operand src, boolean negate) {
        Scalar delta = value(s, src);
        if (negate) {
            delta = MachineArithmetic.neg(delta, true);
        }
        return offsetBy(s, dst, base, src, negate, delta);
    }

    /// `dst` (already a copy of `base`) moves by `delta`: its numeric value and every offset of
    /// a region it may point to. Relations survive when `delta` is a constant.
    private static EbpfState offsetBy(EbpfState s, Reg dst, Reg base, Operand src, boolean negate, Scalar delta) {
        TypeSet t = s.type(dst);
        if (t.contains(RegionType.SHARED) && !t.within(TypeSet.NUMBER) && s.scalar(dst).svalue().contains(0)) {
            // A maybe-null pointer moved by an offset could no longer be null-checked: it
            // becomes a number, which no access accepts (Linux rejects the arithmetic).
            return number(s, dst, MachineArithmetic.add(s.scalar(dst), delta, true));
        }
        ZoneDomain z = s.values();
        for (RegionType region : t.types()) {
            if (region.offsetKind().isPresent() && region != RegionType.MAP_FD && region != RegionType.MAP_FD_PROGRAMS) {
                String offset = Variables.of(dst, region.offsetKind().get());
                z = translate(z, offset, delta, src, negate);
                if (!z.interval(offset).leq(OFFSETS_THAT_CANNOT_WRAP)) {
                    // The address may have wrapped around: its offset could be anything, and
                    // every bound or comparison through it must be proven afresh.
                    z = z.forget(offset);
                }
            }
        }
        Scalar old = s.scalar(dst);
        Scalar sum = MachineArithmetic.add(old, delta, true);
        EbpfState out = s.withValues(z);
        if (!t.contains(RegionType.NUMBER)) {
            // A non-null pointer stays non-null: its abstract value is not an address.
            return out;
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
        out = out.withScalar(dst, sum);
        if (src instanceof Reg r && !negate && r != dst && sum.svalue().equals(old.svalue().add(delta64))
                && old.svalue().lo().isFinite() && old.svalue().hi().isFinite()) {
            // dst' - src = old dst: keep that relation (PREVAIL's `r1.svalue-r2.svalue<=10`).
            out = out.withValues(out.values()
                    .assume(io.splitbpf.verifier.domain.num.LinearConstraint.difference(Variables.svalue(dst),
                            Variables.svalue(r), old.svalue().hi().value()))
                    .assume(io.splitbpf.verifier.domain.num.LinearConstraint.difference(Variables.svalue(r),
                            Variables.svalue(dst), -old.svalue().lo().value())));
        }
        return out;
    }

    /// `x += delta` in the zone: a translation when `delta` is a constant, else a new interval
    /// keeping `x' - src = x` when `src` is a register.
    private static ZoneDomain translate(ZoneDomain z, String x, Scalar delta, Operand src, boolean negate) {
        Interval d = delta.svalue();
        if (d.singleton().isPresent()) {
            return z.assign(x, x, d.singleton().get());
        }
        Interval old = z.interval(x);
        ZoneDomain out = z.assign(x, old.add(d));
        if (src instanceof Reg r && !negate && old.lo().isFinite() && old.hi().isFinite()) {
            String y = Variables.svalue(r);
            out = out.assume(io.splitbpf.verifier.domain.num.LinearConstraint.difference(x, y, old.hi().value()))
                    .assume(io.splitbpf.verifier.domain.num.LinearConstraint.difference(y, x, -old.lo().value()));
        }
        return out;
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
        return number(s, dst, Scalar.ofSigned(diff));
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
                .assign(Variables.of(l.dst(), "shared_region_size"), Interval.of(size)));
    }
}
