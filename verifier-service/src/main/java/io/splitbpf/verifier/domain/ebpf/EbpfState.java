package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.num.Scalar;
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
///
/// `rN.stack_numeric_size` (PREVAIL's) is how many bytes from `rN`'s stack offset are sure to
/// be numeric, for every offset `rN` may hold: a lower bound, relational with the other
/// variables, so that `r2 <= r1.stack_numeric_size` survives a join of two paths that wrote
/// buffers of different lengths and set `r2` to each. It is derived from the stack's numeric
/// bytes where states meet ([#join], [#leq], the newer side of [#widen]; a reduction, which
/// changes no concretisation) and forgotten wherever it could become stale: when stack bytes may stop
/// being numeric ([#storeCell], [#havocStack]) and when a stack pointer moves
/// ([#forgetNumericSize]).
public final class EbpfState implements Lattice<EbpfState> {
    private static final String NUMERIC_SIZE = "stack_numeric_size";

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

    /// The value of `r` as a number (its signed and unsigned views).
    public Scalar scalar(Reg r) {
        return new Scalar(values.interval(Variables.svalue(r)), values.interval(Variables.uvalue(r)));
    }

    /// `r`'s value becomes `v` (its type is unchanged); when both views are the same numbers
    /// the zone also keeps `svalue = uvalue`.
    public EbpfState withScalar(Reg r, Scalar v) {
        return withValues(assignScalar(values, Variables.svalue(r), Variables.uvalue(r), v));
    }

    /// Assigns `v` to the pair `s`, `u` of a zone.
    public static ZoneDomain assignScalar(ZoneDomain z, String s, String u, Scalar v) {
        Scalar r = v.reconcile();
        if (r.isBottom()) {
            return ZoneDomain.bottom();
        }
        z = z.assign(s, r.svalue()).assign(u, r.uvalue());
        if (r.viewsEqual()) {
            z = z.assume(LinearConstraint.difference(s, u, 0)).assume(LinearConstraint.difference(u, s, 0));
        }
        return z;
    }

    /// `dst` becomes a copy of `src`: its type and every variable that means something for
    /// that type (relations included); the others are forgotten.
    public EbpfState copyRegister(Reg dst, Reg src) {
        if (dst == src || isBottom()) {
            return this;
        }
        ZoneDomain z = copy(values, types.get(src), kind -> Variables.of(dst, kind), kind -> Variables.of(src, kind));
        return of(types.with(dst, types.get(src)), z, stack);
    }

    /// `to(kind) := from(kind)` for the value kinds and the kind variables of the regions in
    /// `t`; `to(kind)` forgotten for every other kind.
    private static ZoneDomain copy(ZoneDomain z, TypeSet t, java.util.function.UnaryOperator<String> to,
                                   java.util.function.UnaryOperator<String> from) {
        java.util.Set<String> relevant = new java.util.HashSet<>(List.of("svalue", "uvalue"));
        for (RegionType r : t.types()) {
            relevant.addAll(RegionType.kindVariables(r));
        }
        for (String kind : Variables.REGISTER_KINDS) {
            z = relevant.contains(kind) ? z.assign(to.apply(kind), from.apply(kind), 0) : z.forget(to.apply(kind));
        }
        return z;
    }

    /// `r` now has type `t` and no known value: every variable forgotten.
    public EbpfState setRegister(Reg r, TypeSet t) {
        ZoneDomain z = values;
        for (String v : Variables.all(r)) {
            z = z.forget(v);
        }
        return of(types.with(r, t), z, stack);
    }

    /// Copies `r` (type and variables) into the stack cell `[offset, offset + 8)`.
    public EbpfState spill(Reg r, int offset) {
        EbpfState s = storeCell(offset, 8, types.get(r));
        StackCell cell = s.stack.cell(offset, 8).orElseThrow();
        return s.withValues(copy(s.values, types.get(r), cell::variable, kind -> Variables.of(r, kind)));
    }

    /// Stores a number `v` into `[offset, offset + width)` of the stack.
    public EbpfState storeNumber(int offset, int width, Scalar v) {
        EbpfState s = storeCell(offset, width, TypeSet.NUMBER);
        StackCell cell = s.stack.cell(offset, width).orElseThrow();
        return s.withValues(assignScalar(s.values, cell.variable("svalue"), cell.variable("uvalue"), v));
    }

    /// `r` becomes a copy of the value spilled in `cell` (type and variables).
    public EbpfState fill(Reg r, StackCell cell) {
        ZoneDomain z = copy(values, cell.type(), kind -> Variables.of(r, kind), cell::variable);
        return of(types.with(r, cell.type()), z, stack);
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
    /// update), forgetting the variables of every cell it overlaps (and, unless `t` is a
    /// number, every numeric size: the bytes may stop being numeric).
    public EbpfState storeCell(int offset, int width, TypeSet t) {
        ZoneDomain z = t.within(TypeSet.NUMBER) ? values : forgetNumericSizes(values, stack);
        for (StackCell old : stack.overlapping(offset, offset + width)) {
            z = forgetCell(z, old);
        }
        return of(types, z, stack.store(offset, width, t));
    }

    /// Havocs `[lo, hi)` of the stack, forgetting the variables of the cells there and every
    /// numeric size.
    public EbpfState havocStack(int lo, int hi) {
        ZoneDomain z = forgetNumericSizes(values, stack);
        for (StackCell old : stack.overlapping(lo, hi)) {
            z = forgetCell(z, old);
        }
        return of(types, z, stack.havoc(lo, hi));
    }

    /// `r`'s numeric size forgotten (its stack offset changes).
    public EbpfState forgetNumericSize(Reg r) {
        return isBottom() ? this : withValues(values.forget(Variables.of(r, NUMERIC_SIZE)));
    }

    private static ZoneDomain forgetNumericSizes(ZoneDomain z, StackDomain stack) {
        for (Reg r : Reg.values()) {
            z = z.forget(Variables.of(r, NUMERIC_SIZE));
        }
        for (StackCell c : stack.cells().values()) {
            z = z.forget(c.variable(NUMERIC_SIZE));
        }
        return z;
    }

    /// This state with each stack pointer's numeric size at least what the stack's numeric
    /// bytes give for every offset it may hold.
    private EbpfState withNumericSizes() {
        if (isBottom()) {
            return this;
        }
        ZoneDomain z = values;
        for (Reg r : Reg.values()) {
            if (!types.get(r).contains(RegionType.STACK)) {
                continue;
            }
            Interval off = values.interval(Variables.of(r, "stack_offset"));
            if (!off.lo().isFinite() || !off.hi().isFinite() || off.lo().value() < 0
                    || off.hi().value() >= stack.size()) {
                continue;
            }
            int run = stack.numericRun((int) off.lo().value(), (int) off.hi().value());
            if (run > 0) {
                z = z.assume(LinearConstraint.atLeast(Variables.of(r, NUMERIC_SIZE), run));
            }
        }
        return z == values ? this : of(types, z, stack);
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

    /// Type-aware inclusion (PREVAIL's subsumption): the kind variables of regions a register
    /// may point to in `o` but not here mean nothing here, so they are projected out of `o`
    /// before the numbers are compared (`{r1 is num}` ⊑ `{r1 is num|packet, r1.packet_offset=5}`).
    /// This makes every join an upper bound of its operands despite [#lendInactive].
    @Override
    public boolean leq(EbpfState o) {
        if (isBottom()) {
            return true;
        }
        if (o.isBottom() || !types.leq(o.types) || !stack.leq(o.stack)) {
            return false;
        }
        ZoneDomain reduced = withNumericSizes().values;
        ZoneDomain theirs = o.values;
        for (Reg r : Reg.values()) {
            TypeSet mine = types.get(r);
            for (RegionType t : o.types.get(r).types()) {
                if (!mine.contains(t)) {
                    for (String kind : RegionType.kindVariables(t)) {
                        theirs = theirs.forget(Variables.of(r, kind));
                    }
                }
            }
        }
        return reduced.leq(theirs);
    }

    @Override
    public EbpfState join(EbpfState o) {
        if (isBottom()) {
            return o;
        }
        if (o.isBottom()) {
            return this;
        }
        EbpfState a = withNumericSizes();
        EbpfState b = o.withNumericSizes();
        return of(types.join(o.types), a.lendInactive(b).values.join(b.lendInactive(a).values), stack.join(o.stack));
    }

    /// This state with the kind variables of regions a register may not point to here (so
    /// whose values do not matter here) set to their values in `other`: the join then keeps
    /// what `other` knows of them (PREVAIL's type-aware join, instead of dropping them).
    private EbpfState lendInactive(EbpfState other) {
        ZoneDomain z = values;
        for (Reg r : Reg.values()) {
            TypeSet mine = types.get(r);
            TypeSet theirs = other.types.get(r);
            for (RegionType t : theirs.types()) {
                if (!mine.contains(t)) {
                    for (String kind : RegionType.kindVariables(t)) {
                        String v = Variables.of(r, kind);
                        z = z.assign(v, other.values.interval(v));
                    }
                }
            }
        }
        return z == values ? this : of(types, z, stack);
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
        // Only the newer state is reduced: strengthening the older one could undo the
        // widening and break termination.
        return of(types.widen(o.types), values.widen(o.withNumericSizes().values, thresholds), stack.widen(o.stack));
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
