package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.Congruence;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Lattice;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.Thresholds;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/// The abstract state at a program point: `(TypeDomain × ZoneDomain) × StackDomain`, with
/// the [TypeClasses] of values known to share a type.
///
/// Class invariant (checked in tests, as PREVAIL's `is_bottom() <=> !stack`): the state is
/// bottom exactly when it is the canonical [#bottom()]; every constructor path that makes a
/// component bottom returns it. Registers' numbers live in the zone as [Variables] names, so
/// relations such as `r1.packet_offset - r2.packet_offset <= 4` or `packet_size` bounds
/// survive across instructions. Type classes name only registers and cells of the stack, and
/// their members have equal types.
///
/// `rN.stack_numeric_size` (PREVAIL's) is how many bytes from `rN`'s stack offset are sure to
/// be numeric, for every offset `rN` may hold: a lower bound, relational with the other
/// variables, kept through copies, spills and fills and shifted by pointer moves
/// ([StackContents] keeps it true under stores). It is derived from the stack's numeric bytes
/// where states meet ([#join], [#leq], the newer side of [#widen]; a reduction, which changes
/// no concretisation), so that `r2 <= r1.stack_numeric_size` survives a join of two paths that
/// wrote buffers of different lengths and set `r2` to each.
public final class EbpfState implements Lattice<EbpfState> {
    private static final EbpfState BOTTOM = new EbpfState(TypeDomain.bottom(), ZoneDomain.bottom(), StackDomain.bottom(),
            TypeClasses.NONE);

    private final TypeDomain types;
    private final ZoneDomain values;
    private final StackDomain stack;
    private final TypeClasses classes;

    private EbpfState(TypeDomain types, ZoneDomain values, StackDomain stack, TypeClasses classes) {
        this.types = types;
        this.values = values;
        this.stack = stack;
        this.classes = classes;
    }

    /// The state of the given parts, no two values known to share a type, normalised to
    /// [#bottom()] when any part is bottom.
    public static EbpfState of(TypeDomain types, ZoneDomain values, StackDomain stack) {
        return of(types, values, stack, TypeClasses.NONE);
    }

    /// The state of the given parts (classes naming cells `stack` lacks are dropped).
    static EbpfState of(TypeDomain types, ZoneDomain values, StackDomain stack, TypeClasses classes) {
        if (types.isBottom() || values.isBottom() || stack.isBottom()) {
            return BOTTOM;
        }
        TypeClasses c = classes;
        for (SortedSet<String> members : classes.classes()) {
            for (String m : members) {
                if (m.startsWith("s[") && stack.cells().values().stream().noneMatch(cell -> cell.name().equals(m))) {
                    c = c.without(m);
                }
            }
        }
        return new EbpfState(types, values, stack, c);
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

    public TypeClasses classes() {
        return classes;
    }

    public TypeSet type(Reg r) {
        return types.get(r);
    }

    public Interval interval(String variable) {
        return values.interval(variable);
    }

    /// `r` now has type `t` (an assignment: `r` leaves its type class).
    public EbpfState withType(Reg r, TypeSet t) {
        return of(types.with(r, t), values, stack, classes.without(r.toString()));
    }

    public EbpfState withValues(ZoneDomain z) {
        return of(types, z, stack, classes);
    }

    public EbpfState withStack(StackDomain s) {
        return of(types, values, s, classes);
    }

    /// Whether `a` and `b` are known to have the same type: one class, or the same single type.
    public boolean sameType(Reg a, Reg b) {
        return sameType(a.toString(), b.toString());
    }

    /// As [#sameType(Reg, Reg)], for registers (`r1`) and cells (`s[504...511]`) by name.
    public boolean sameType(String a, String b) {
        return typeKey(a).equals(typeKey(b));
    }

    /// This state where `r` and every value of its type class have type `t` (a refinement,
    /// for example the case of a comparison where they are packet pointers).
    public EbpfState restrictClass(Reg r, TypeSet t) {
        return restrictClass(r.toString(), t);
    }

    private EbpfState restrictClass(String name, TypeSet t) {
        TypeDomain ty = types;
        StackDomain st = stack;
        for (String m : classes.classOf(name)) {
            Optional<StackCell> cell = cellNamed(m);
            if (cell.isPresent()) {
                st = st.withCellType(cell.get(), cell.get().type().meet(t));
            } else {
                Reg x = Reg.of(Integer.parseInt(m.substring(1)));
                ty = ty.with(x, ty.get(x).meet(t));
            }
        }
        return of(ty, values, st, classes);
    }

    private Optional<StackCell> cellNamed(String name) {
        return stack.cells().values().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /// The types of every register and cell, by name.
    SortedMap<String, TypeSet> typeVariables() {
        SortedMap<String, TypeSet> out = new TreeMap<>();
        for (Reg r : Reg.values()) {
            out.put(r.toString(), types.get(r));
        }
        for (StackCell c : stack.cells().values()) {
            out.put(c.name(), c.type());
        }
        return out;
    }

    /// A key per type variable, equal for variables known to share a type: their class, or
    /// their single type.
    private String typeKey(String name) {
        TypeSet t = typeOf(name);
        return t != null && t.single().isPresent() ? "=" + t : classes.find(name);
    }

    /// What [#typeVariables()] holds for `name`, without building it: the type of the register
    /// or the stack cell so named, or null.
    private TypeSet typeOf(String name) {
        if (name.startsWith("s[")) {
            return cellNamed(name).map(StackCell::type).orElse(null);
        }
        for (Reg r : Reg.values()) {
            if (r.toString().equals(name)) {
                return types.get(r);
            }
        }
        return null;
    }

    /// The value of `r` as a number (its signed and unsigned views).
    public Scalar scalar(Reg r) {
        return new Scalar(values.interval(Variables.svalue(r)), values.interval(Variables.uvalue(r)));
    }

    /// The congruence known of `r`'s value (of its word's low bits: the same for both views).
    public Congruence congruence(Reg r) {
        return values.congruence(Variables.svalue(r));
    }

    /// This state with `r`'s word known to satisfy `c` as well (bottom if it cannot).
    // Invariant: c has at most Congruence.MAX_BITS < 64 bits, so it holds of the signed and
    // the unsigned view alike (they differ by a multiple of 2^64).
    public EbpfState withCongruence(Reg r, Congruence c) {
        if (c.isTop() || isBottom()) {
            return this;
        }
        return withValues(values.withCongruence(Variables.svalue(r), c).withCongruence(Variables.uvalue(r), c));
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
        z = z.assign(s, r.svalue());
        // Equal views: u is s (the same bounds, and every relation of s).
        return r.viewsEqual() ? z.assign(u, s, 0) : z.assign(u, r.uvalue());
    }

    /// `dst` becomes a copy of `src`: its type and every variable that means something for
    /// that type (relations included); the others are forgotten.
    public EbpfState copyRegister(Reg dst, Reg src) {
        if (dst == src || isBottom()) {
            return this;
        }
        ZoneDomain z = copy(values, types.get(src), kind -> Variables.of(dst, kind), kind -> Variables.of(src, kind));
        return of(types.with(dst, types.get(src)), z, stack, sharing(classes, dst.toString(), src.toString(), types.get(src)));
    }

    /// `to(kind) := from(kind)` for the value kinds and the kind variables of the regions in
    /// `t`; `to(kind)` forgotten for every other kind.
    private static ZoneDomain copy(ZoneDomain z, TypeSet t, java.util.function.UnaryOperator<String> to,
                                   java.util.function.UnaryOperator<String> from) {
        List<String> active = RegionType.activeKinds(t);
        List<String> irrelevant = new ArrayList<>(Variables.REGISTER_KINDS.size());
        for (String kind : Variables.REGISTER_KINDS) {
            if (!relevant(kind, active)) {
                irrelevant.add(to.apply(kind));
            }
        }
        z = z.forgetAll(irrelevant);
        for (String kind : Variables.REGISTER_KINDS) {
            if (relevant(kind, active)) {
                z = z.assign(to.apply(kind), from.apply(kind), 0);
            }
        }
        return z;
    }

    /// Whether a copy keeps `kind`: the value's views always, and the kinds `active` for its type.
    private static boolean relevant(String kind, List<String> active) {
        return kind.equals("svalue") || kind.equals("uvalue") || active.contains(kind);
    }

    /// `classes` with `x` (a copy of `like`, of type `t`) in `like`'s class; a single type
    /// already says that they share it, so then `x` is only taken out of its class.
    private static TypeClasses sharing(TypeClasses classes, String x, String like, TypeSet t) {
        return t.single().isPresent() ? classes.without(x) : classes.with(x, like);
    }

    /// `r` now has type `t` and no known value: every variable forgotten.
    public EbpfState setRegister(Reg r, TypeSet t) {
        return of(types.with(r, t), values.forgetAll(Variables.all(r)), stack, classes.without(r.toString()));
    }

    /// `r` becomes a number of value `v`: `setRegister(r, NUMBER).withScalar(r, v)` in one step
    /// (assigning `r`'s value forgets what was known of it anyway).
    public EbpfState withNumber(Reg r, Scalar v) {
        ZoneDomain z = values.forgetAll(Variables.allButValue(r));
        return of(types.with(r, TypeSet.NUMBER), assignScalar(z, Variables.svalue(r), Variables.uvalue(r), v), stack,
                classes.without(r.toString()));
    }

    /// Copies `r` (type and variables) into the stack cell `[offset, offset + 8)`.
    public EbpfState spill(Reg r, int offset) {
        EbpfState s = storeCell(offset, 8, types.get(r));
        StackCell cell = s.stack.cell(offset, 8).orElseThrow();
        return of(s.types, copy(s.values, types.get(r), cell::variable, kind -> Variables.of(r, kind)), s.stack,
                sharing(s.classes, cell.name(), r.toString(), types.get(r)));
    }

    /// Stores the low `width` (< 8) bytes of `r`, not a number, at `offset`: the bytes take
    /// `r`'s type (the same type, relationally, as PREVAIL keeps it) but none of its variables,
    /// as part of a pointer has no offset.
    public EbpfState spillPart(Reg r, int offset, int width) {
        EbpfState s = storeCell(offset, width, types.get(r));
        StackCell cell = s.stack.cell(offset, width).orElseThrow();
        return of(s.types, s.values, s.stack, sharing(s.classes, cell.name(), r.toString(), types.get(r)));
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
        return of(types.with(r, cell.type()), z, stack, sharing(classes, r.toString(), cell.name(), cell.type()));
    }

    /// `r` is uninitialised and none of its variables is constrained (after a call clobbers it).
    public EbpfState havoc(Reg r) {
        return of(types.with(r, TypeSet.UNINIT), values.forgetAll(Variables.all(r)), stack, classes.without(r.toString()));
    }

    /// This state with `c` assumed (bottom when it contradicts the state).
    public EbpfState assume(LinearConstraint c) {
        return withValues(values.assume(c));
    }

    /// Stores a value of type `t` into the stack cell `[offset, offset + width)` (a strong
    /// update), forgetting the variables of every cell it overlaps; the bytes of a known number
    /// it partly overwrites stay known, as smaller cells.
    public EbpfState storeCell(int offset, int width, TypeSet t) {
        return StackContents.store(this, offset, width, t);
    }

    /// Havocs `[lo, hi)` of the stack, forgetting the variables of the cells there (known
    /// numbers around the range keep their bytes outside it).
    public EbpfState havocStack(int lo, int hi) {
        return StackContents.havoc(this, lo, hi);
    }

    /// Numbers of no known value may have been written somewhere in `[lo, hi)` (a store through
    /// a pointer whose offset is a range, a helper filling a buffer): cells there are dropped,
    /// numeric bytes stay numeric.
    public EbpfState storeNumbersWeakly(int lo, int hi) {
        return StackContents.storeNumbersWeakly(this, lo, hi);
    }

    /// The bytes from `r` (a stack pointer) known to hold numbers whatever its offset: its
    /// numeric size, or what the stack's numeric bytes say.
    public long numericBytesAt(Reg r) {
        return StackContents.numericBytesAt(this, r);
    }

    /// `r`'s numeric size forgotten (its stack offset changed, or what it points to may have).
    public EbpfState forgetNumericSize(Reg r) {
        return isBottom() ? this : withValues(values.forget(Variables.of(r, "stack_numeric_size")));
    }

    /// The word (zero-extended) a load of `[offset, offset + width)` gives when every byte there
    /// is part of a known number.
    public Optional<Long> constantBytes(int offset, int width) {
        return StackContents.constantBytes(this, offset, width);
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
        if (o.isBottom()) {
            return false;
        }
        EbpfState me = StackContents.withNumericSizes(StackContents.alignedTo(this, o));
        if (!me.types.leq(o.types) || !me.stack.leq(o.stack)) {
            return false;
        }
        for (SortedSet<String> c : o.classes.classes()) {
            if (c.stream().map(me::typeKey).distinct().count() > 1) {
                return false;
            }
        }
        ZoneDomain theirs = o.values;
        SortedMap<String, TypeSet> mine = me.typeVariables();
        for (Map.Entry<String, TypeSet> v : o.typeVariables().entrySet()) {
            List<String> here = RegionType.activeKinds(mine.getOrDefault(v.getKey(), TypeSet.TOP));
            for (String kind : RegionType.activeKinds(v.getValue())) {
                if (!here.contains(kind)) {
                    theirs = theirs.forget(v.getKey() + "." + kind);
                }
            }
        }
        return me.values.leq(theirs);
    }

    @Override
    public EbpfState join(EbpfState o) {
        if (isBottom()) {
            return o;
        }
        if (o.isBottom()) {
            return this;
        }
        EbpfState a = StackContents.withNumericSizes(StackContents.alignedTo(this, o));
        EbpfState b = StackContents.withNumericSizes(StackContents.alignedTo(o, a));
        TypeDomain t = a.types.join(b.types);
        StackDomain st = a.stack.join(b.stack);
        return of(t, a.lendInactive(b).values.join(b.lendInactive(a).values), st, commonClasses(a, b, t, st));
    }

    /// The type classes that hold in both `a` and `b`, over the registers and the cells of
    /// their join (`t`, `st`); classes of values of one single type are implied, so left out.
    private static TypeClasses commonClasses(EbpfState a, EbpfState b, TypeDomain t, StackDomain st) {
        SortedMap<String, TypeSet> joined = of(t, ZoneDomain.top(), st).typeVariables();
        return TypeClasses.common(joined.keySet(), a::typeKey, b::typeKey,
                members -> members.stream().map(joined::get).allMatch(x -> x.single().isPresent()));
    }

    /// This state with the kind variables of regions a register may not point to here (so
    /// whose values do not matter here) set to their values in `other`: the join then keeps
    /// what `other` knows of them (PREVAIL's type-aware join, instead of dropping them).
    private EbpfState lendInactive(EbpfState other) {
        ZoneDomain z = values;
        SortedMap<String, TypeSet> mine = typeVariables();
        for (Map.Entry<String, TypeSet> theirs : other.typeVariables().entrySet()) {
            TypeSet here = mine.get(theirs.getKey());
            if (here == null) {
                continue;
            }
            List<String> active = RegionType.activeKinds(here);
            for (String kind : RegionType.activeKinds(theirs.getValue())) {
                if (!active.contains(kind)) {
                    String v = theirs.getKey() + "." + kind;
                    z = z.assign(v, other.values.interval(v));
                }
            }
        }
        return z == values ? this : of(types, z, stack, classes);
    }

    @Override
    public EbpfState meet(EbpfState o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        return of(types.meet(o.types), values.meet(o.values), stack.meet(o.stack), classes.union(o.classes))
                .withEqualClassTypes();
    }

    /// This state with every member of a class given the type all of them allow (after a meet,
    /// both sides' equalities and types hold).
    private EbpfState withEqualClassTypes() {
        EbpfState m = this;
        for (SortedSet<String> c : classes.classes()) {
            TypeSet common = TypeSet.TOP;
            SortedMap<String, TypeSet> vars = m.typeVariables();
            for (String x : c) {
                common = common.meet(vars.getOrDefault(x, TypeSet.TOP));
            }
            m = m.isBottom() ? m : m.restrictClass(c.first(), common);
        }
        return m;
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
        EbpfState a = StackContents.alignedTo(this, o);
        // Only the newer state gets the numeric sizes its bytes give: strengthening the older
        // one could undo the widening and break termination.
        EbpfState b = StackContents.withNumericSizes(StackContents.alignedTo(o, a));
        TypeDomain t = a.types.widen(b.types);
        StackDomain st = a.stack.widen(b.stack);
        return of(t, a.values.widen(b.values, thresholds), st, commonClasses(a, b, t, st));
    }

    @Override
    public EbpfState narrow(EbpfState o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        return of(types.narrow(o.types), values.narrow(o.values), stack.narrow(o.stack), classes).withEqualClassTypes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EbpfState s && types.equals(s.types) && values.equals(s.values) && stack.equals(s.stack)
                && classes.equals(s.classes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(types, stack);
    }

    /// PREVAIL's invariant form: `[types][numbers] Stack: ...`, or `_|_`; the types of spilled
    /// values join the registers' (`s[4092...4095].type=number`).
    @Override
    public String toString() {
        if (isBottom()) {
            return "_|_";
        }
        StringBuilder t = new StringBuilder(types.toString());
        for (StackCell c : stack.cells().values()) {
            t.append(t.isEmpty() ? "" : ", ").append(c.name()).append(".type=").append(c.type());
        }
        if (!classes.isEmpty()) {
            t.append(", ").append(classes);
        }
        List<String> parts = new ArrayList<>(List.of("[" + t + "]", values.describe().toString(), "Stack: " + stack));
        return String.join(" ", parts);
    }
}
