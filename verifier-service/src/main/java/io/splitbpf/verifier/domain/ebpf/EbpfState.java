package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Lattice;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.Thresholds;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/// The abstract state at a program point: `(TypeDomain × ZoneDomain) × StackDomain`.
///
/// Class invariant (checked in tests, as PREVAIL's `is_bottom() <=> !stack`): the state is
/// bottom exactly when it is the canonical [#bottom()]; every constructor path that makes a
/// component bottom returns it. Registers' numbers live in the zone as [Variables] names, so
/// relations such as `r1.packet_offset - r2.packet_offset <= 4` or `packet_size` bounds
/// survive across instructions.
public final class EbpfState implements Lattice<EbpfState> {
    private static final EbpfState BOTTOM = new EbpfState(TypeDomain.bottom(), ZoneDomain.bottom(), StackDomain.bottom());

    private final TypeDomain types;
    private final ZoneDomain values;
    private final StackDomain stack;

    private EbpfState(TypeDomain types, ZoneDomain values, StackDomain stack) {
        this.types = types;
        this.values = values;
        this.stack = stack;
    }

    /// The state of the given parts, normalised to [#bottom()] when any part is bottom.
    public static EbpfState of(TypeDomain types, ZoneDomain values, StackDomain stack) {
        if (types.isBottom() || values.isBottom() || stack.isBottom()) {
            return BOTTOM;
        }
        return new EbpfState(types, values, stack);
    }

    public static EbpfState bottom() {
        return BOTTOM;
    }

    public TypeDomain types() {
        return types;
    }

    public ZoneDomain values() {
        return values;
    }

    public StackDomain stack() {
        return stack;
    }

    public TypeSet type(Reg r) {
        return types.get(r);
    }

    public Interval interval(String variable) {
        return values.interval(variable);
    }

    public EbpfState withType(Reg r, TypeSet t) {
        return of(types.with(r, t), values, stack);
    }

    public EbpfState withValues(ZoneDomain z) {
        return of(types, z, stack);
    }

    public EbpfState withStack(StackDomain s) {
        return of(types, values, s);
    }

    /// `r` is uninitialised and none of its variables is constrained (after a call clobbers it).
    public EbpfState havoc(Reg r) {
        ZoneDomain z = values;
        for (String v : Variables.all(r)) {
            z = z.forget(v);
        }
        return of(types.with(r, TypeSet.UNINIT), z, stack);
    }

    /// This state with `c` assumed (bottom when it contradicts the state).
    public EbpfState assume(LinearConstraint c) {
        return withValues(values.assume(c));
    }

    /// Stores a value of type `t` into the stack cell `[offset, offset + width)` (a strong
    /// update), forgetting the variables of every cell it overlaps.
    public EbpfState storeCell(int offset, int width, TypeSet t) {
        ZoneDomain z = values;
        for (StackCell old : stack.overlapping(offset, offset + width)) {
            z = forgetCell(z, old);
        }
        return of(types, z, stack.store(offset, width, t));
    }

    /// Havocs `[lo, hi)` of the stack, forgetting the variables of the cells there.
    public EbpfState havocStack(int lo, int hi) {
        ZoneDomain z = values;
        for (StackCell old : stack.overlapping(lo, hi)) {
            z = forgetCell(z, old);
        }
        return of(types, z, stack.havoc(lo, hi));
    }

    private static ZoneDomain forgetCell(ZoneDomain z, StackCell c) {
        for (String kind : Variables.REGISTER_KINDS) {
            z = z.forget(c.variable(kind));
        }
        return z;
    }

    @Override
    public boolean isBottom() {
        return this == BOTTOM;
    }

    @Override
    public boolean isTop() {
        return types.isTop() && values.isTop() && stack.isTop();
    }

    @Override
    public boolean leq(EbpfState o) {
        return isBottom() || (!o.isBottom() && types.leq(o.types) && values.leq(o.values) && stack.leq(o.stack));
    }

    @Override
    public EbpfState join(EbpfState o) {
        if (isBottom()) {
            return o;
        }
        if (o.isBottom()) {
            return this;
        }
        return of(types.join(o.types), values.join(o.values), stack.join(o.stack));
    }

    @Override
    public EbpfState meet(EbpfState o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        return of(types.meet(o.types), values.meet(o.values), stack.meet(o.stack));
    }

    @Override
    public EbpfState widen(EbpfState o) {
        return widen(o, Thresholds.NONE);
    }

    /// Widening, with thresholds for the numeric part.
    public EbpfState widen(EbpfState o, Thresholds thresholds) {
        if (isBottom()) {
            return o;
        }
        if (o.isBottom()) {
            return this;
        }
        return of(types.widen(o.types), values.widen(o.values, thresholds), stack.widen(o.stack));
    }

    @Override
    public EbpfState narrow(EbpfState o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        return of(types.narrow(o.types), values.narrow(o.values), stack.narrow(o.stack));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EbpfState s && types.equals(s.types) && values.equals(s.values) && stack.equals(s.stack);
    }

    @Override
    public int hashCode() {
        return Objects.hash(types, stack);
    }

    /// PREVAIL's invariant form: `[types][numbers] Stack: ...`, or `_|_`.
    @Override
    public String toString() {
        if (isBottom()) {
            return "_|_";
        }
        List<String> parts = new ArrayList<>(List.of("[" + types + "]", values.describe().toString(), "Stack: " + stack));
        return String.join(" ", parts);
    }
}
