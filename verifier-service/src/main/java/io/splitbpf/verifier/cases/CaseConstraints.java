package io.splitbpf.verifier.cases;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.StackCell;
import io.splitbpf.verifier.domain.ebpf.StackDomain;
import io.splitbpf.verifier.domain.ebpf.TypeDomain;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.UnsignedPivot;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Bound;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import io.splitbpf.verifier.semantics.AnalysisContext;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// PREVAIL's invariant constraints (`r1.type=ctx`, `r1.svalue=[0, 10]`, `r1.uvalue=r1.svalue`,
/// `packet_size=r2.packet_offset`, `r1.svalue-r2.svalue<=10`, `s[504...511].type=number`,
/// `pc[1]=[1, +oo]`, `_|_`): read into an entry [EbpfState], and checked for entailment by a
/// computed state.
///
/// Names are PREVAIL's and ours ([io.splitbpf.verifier.domain.ebpf.Variables]) alike, except
/// that a one-byte cell `s[7]` is our `s[7...7]` and a loop counter `pc[L]` names PREVAIL's
/// label `L`, which `pcOfLabel` turns into our pc. Unsigned values of 2^63 and above, which
/// our intervals bound only by `[2^63 - 1, +∞]`, are checked exactly through the signed view
/// (both views describe the same word). A numeric size such as `rN.stack_numeric_size=8` is
/// a lower bound of the numeric bytes from the pointer: ours is the most that its variable or
/// the stack's numeric bytes at its offsets tell ([EbpfState#numericBytesAt(Reg)]).
final class CaseConstraints {
    private static final String VAR = "(?:r\\d+\\.\\w+|s\\[\\d+(?:\\.\\.\\.\\d+)?\\]\\.\\w+|packet_size|meta_offset|pc\\[\\d+\\])";
    private static final Pattern DIFFERENCE = Pattern.compile("(" + VAR + ")\\s*-\\s*(" + VAR + ")\\s*<=\\s*(-?\\d+)");
    private static final Pattern TYPE_IN = Pattern.compile("(" + VAR + ")\\s+in\\s+\\{([^}]*)\\}");
    private static final Pattern EQUALS = Pattern.compile("(" + VAR + ")\\s*=\\s*(.+)");
    private static final Pattern RANGE = Pattern.compile("\\[\\s*(-oo|-?\\d+)\\s*,\\s*(\\+oo|-?\\d+)\\s*\\]");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern VAR_PLUS = Pattern.compile("(" + VAR + ")\\s*(?:([+-])\\s*(\\d+))?");
    private static final Pattern CELL = Pattern.compile("s\\[(\\d+)(?:\\.\\.\\.(\\d+))?\\]\\.(\\w+)");
    private static final Pattern REGISTER = Pattern.compile("r(\\d+)\\.(\\w+)");
    private static final Pattern COUNTER = Pattern.compile("pc\\[(\\d+)\\]");
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    /// A constraint this harness cannot express in our domains (a region type we do not
    /// model, a form we do not read); the case then differs with this reason.
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    /// A closed range of mathematical integers; `null` bounds are infinite.
    private record Range(BigInteger lo, BigInteger hi) {
        boolean contains(Range o) {
            return (lo == null || (o.lo != null && lo.compareTo(o.lo) <= 0))
                    && (hi == null || (o.hi != null && o.hi.compareTo(hi) <= 0));
        }

        @Override
        public String toString() {
            return "[" + (lo == null ? "-oo" : lo) + ", " + (hi == null ? "+oo" : hi) + "]";
        }
    }

    private final IntUnaryOperator pcOfLabel;

    /// @param pcOfLabel our pc of a PREVAIL label (for loop counters)
    CaseConstraints(IntUnaryOperator pcOfLabel) {
        this.pcOfLabel = pcOfLabel;
    }

    // ----- reading the entry state -----

    /// The state the constraints describe: registers they do not type may hold anything
    /// (PREVAIL starts its YAML cases from top), the stack of `stackSize` bytes in byte order
    /// `order` holds nothing known except the cells and numeric ranges they name.
    EbpfState entry(List<String> constraints, int stackSize, ByteOrder order) {
        TypeDomain types = TypeDomain.top();
        List<String> rest = new ArrayList<>();
        List<String> cellTypes = new ArrayList<>();
        for (String raw : constraints) {
            String c = raw.strip();
            Matcher in = TYPE_IN.matcher(c);
            Matcher eq = EQUALS.matcher(c);
            if (in.matches() && in.group(1).startsWith("r")) {
                types = types.with(register(in.group(1)), typeSet(in.group(2).split(",")));
            } else if (eq.matches() && eq.group(1).startsWith("r") && eq.group(1).endsWith(".type")) {
                types = types.with(register(eq.group(1)), typeSet(eq.group(2).split(",")));
            } else if ((eq.matches() || in.matches()) && c.startsWith("s[") && c.contains(".type")) {
                cellTypes.add(c);
            } else {
                rest.add(c);
            }
        }
        EbpfState s = EbpfState.of(types, ZoneDomain.top(), StackDomain.empty(stackSize, order));
        if (constraints.stream().noneMatch(c -> c.contains(Variables.ALLOC_MEM_HELD))) {
            // PREVAIL has no ring buffer records: a case's pre-state holds none unless it says so.
            s = s.withValues(s.values().assign(Variables.ALLOC_MEM_HELD, Interval.of(0)));
        }
        for (Reg r : Reg.values()) {
            boolean fd = types.get(r).equals(TypeSet.of(RegionType.MAP_FD))
                    || types.get(r).equals(TypeSet.of(RegionType.MAP_FD_PROGRAMS));
            if (fd && constraints.stream().noneMatch(c -> c.startsWith(r + ".svalue") || c.startsWith(r + ".uvalue"))) {
                // PREVAIL's map fds are never null; ours carry a pointer value, null only for
                // a map of maps' unchecked lookup result: a named fd gets a non-null value.
                s = s.withScalar(r, Scalar.ofSigned(Interval.of(1, AnalysisContext.PTR_MAX)));
            }
        }
        for (String c : cellTypes) {
            Matcher eq = EQUALS.matcher(c);
            Matcher in = TYPE_IN.matcher(c);
            String var = eq.matches() ? eq.group(1) : in.group(1);
            TypeSet t = typeSet((eq.matches() ? eq.group(2) : in.group(2)).split(","));
            int[] cell = cell(var);
            int width = cell[1] - cell[0] + 1;
            if (width <= 8) {
                s = s.storeCell(cell[0], width, t);
            } else if (t.equals(TypeSet.NUMBER)) {
                s = s.withStack(s.stack().markNumeric(cell[0], cell[1] + 1));
            } else {
                throw new Unsupported("a " + width + "-byte stack cell of type " + t);
            }
        }
        for (Reg r : Reg.values()) {
            // An unsigned view is never negative, whatever the constraints say of it.
            s = s.assume(LinearConstraint.atLeast(Variables.uvalue(r), 0));
            if (types.get(r).contains(RegionType.SHARED)
                    && constraints.stream().noneMatch(c -> c.contains(r + ".shared_readonly"))) {
                // PREVAIL has no read-only maps: a shared region it names is writable.
                s = s.withValues(s.values().assign(Variables.of(r, "shared_readonly"), Interval.of(0)));
            }
        }
        List<String> sizes = new ArrayList<>();
        for (String c : rest) {
            if (c.contains("stack_numeric_size")) {
                sizes.add(c);
            } else {
                s = assume(s, c);
            }
        }
        for (String c : sizes) {
            Matcher eq = EQUALS.matcher(c);
            if (!eq.matches() || !eq.group(1).startsWith("r")) {
                throw new Unsupported("constraint '" + c + "'");
            }
            s = assume(s, c);
            Range size = range(eq.group(2));
            Interval off = s.values().interval(register(eq.group(1)) + ".stack_offset");
            // Bytes numeric whatever the offset in its range: [highest offset, lowest offset + size).
            if (size.lo() != null && size.lo().signum() > 0 && off.lo().isFinite() && off.hi().isFinite()) {
                long lo = off.hi().value();
                long hi = off.lo().value() + size.lo().longValueExact();
                if (lo >= 0 && lo < hi && hi <= stackSize) {
                    s = s.withStack(s.stack().markNumeric((int) lo, (int) hi));
                }
            }
        }
        return s;
    }

    /// `s` with the numeric constraint `c` added (for the entry state and observations).
    EbpfState assume(EbpfState s, String c) {
        if (s.isBottom()) {
            return s;
        }
        c = c.strip();
        Matcher d = DIFFERENCE.matcher(c);
        if (d.matches()) {
            return s.withValues(s.values().assume(LinearConstraint.difference(name(d.group(1)), name(d.group(2)),
                    Long.parseLong(d.group(3)))));
        }
        Matcher eq = EQUALS.matcher(c);
        if (!eq.matches()) {
            throw new Unsupported("constraint '" + c + "'");
        }
        String x = name(eq.group(1));
        ensureCell(s, eq.group(1));
        String rhs = eq.group(2).strip();
        Matcher v = VAR_PLUS.matcher(rhs);
        if (v.matches()) {
            long k = v.group(2) == null ? 0 : (v.group(2).equals("-") ? -1 : 1) * Long.parseLong(v.group(3));
            String y = name(v.group(1));
            ZoneDomain z = s.values().assume(LinearConstraint.difference(x, y, k))
                    .assume(LinearConstraint.difference(y, x, -k));
            return s.withValues(z);
        }
        Range r = range(rhs);
        ZoneDomain z = s.values().assume(x, interval(r));
        if (x.endsWith(".uvalue") && r.lo() != null && r.lo().compareTo(LONG_MAX) > 0 && r.hi() != null) {
            // Every value is at least 2^63: the signed view is the same word minus 2^64.
            z = z.assume(sibling(x, "svalue"), interval(new Range(r.lo().subtract(TWO_64), r.hi().subtract(TWO_64))));
        }
        return s.withValues(z);
    }

    private static void ensureCell(EbpfState s, String var) {
        if (var.startsWith("s[")) {
            int[] cell = cell(var);
            if (s.stack().cell(cell[0], cell[1] - cell[0] + 1).isEmpty()) {
                throw new Unsupported("a value of stack cell " + var + " without its type");
            }
        }
    }

    // ----- entailment -----

    /// The first constraint of `constraints` that `s` does not entail, with what `s` knows
    /// instead; empty when it entails them all (bottom entails everything).
    Optional<String> firstNotEntailed(EbpfState state, List<String> constraints) {
        EbpfState s = reduce(state);
        for (String raw : constraints) {
            String c = raw.strip();
            if (c.equals("_|_")) {
                if (!s.isBottom()) {
                    return Optional.of("_|_ (ours is reachable)");
                }
                continue;
            }
            if (s.isBottom()) {
                continue;
            }
            Optional<String> why = notEntailed(s, c);
            if (why.isPresent()) {
                return Optional.of(c + " (ours: " + why.get() + ")");
            }
        }
        return Optional.empty();
    }

    /// `s` with what its concretisation already implies made explicit: each view of a word
    /// sharpened by the other, and `svalue = uvalue` where the word is below 2^63 (a sound
    /// reduction, so entailment by the result is entailment by `s`).
    private static EbpfState reduce(EbpfState s) {
        if (s.isBottom()) {
            return s;
        }
        List<String> words = new ArrayList<>();
        for (Reg r : Reg.values()) {
            words.add(r.toString());
        }
        for (StackCell c : s.stack().cells().values()) {
            words.add(c.variable("x").substring(0, c.variable("x").length() - 2));
        }
        ZoneDomain z = s.values();
        for (String w : words) {
            String sv = w + ".svalue";
            String uv = w + ".uvalue";
            Scalar v = new Scalar(z.interval(sv), z.interval(uv)).reconcile();
            if (v.isBottom()) {
                return EbpfState.bottom();
            }
            if (!z.interval(sv).isTop()) {
                z = z.assume(sv, v.svalue());
            }
            if (!z.interval(uv).isTop()) {
                z = z.assume(uv, v.uvalue());
            }
            if (v.svalue().leq(Interval.of(0, Long.MAX_VALUE))) {
                z = z.assume(LinearConstraint.difference(sv, uv, 0)).assume(LinearConstraint.difference(uv, sv, 0));
            }
        }
        return s.withValues(z);
    }

    /// Why `s` does not entail `c`, if it does not.
    private Optional<String> notEntailed(EbpfState s, String c) {
        Matcher in = TYPE_IN.matcher(c);
        if (in.matches()) {
            return typeEntailed(s, in.group(1), typeSet(in.group(2).split(",")));
        }
        Matcher d = DIFFERENCE.matcher(c);
        if (d.matches()) {
            Bound b = s.values().upperBound(name(d.group(1)), name(d.group(2)));
            return b.compareTo(Bound.of(Long.parseLong(d.group(3)))) <= 0 ? Optional.empty()
                    : Optional.of(d.group(1) + "-" + d.group(2) + "<=" + b);
        }
        Matcher eq = EQUALS.matcher(c);
        if (!eq.matches()) {
            throw new Unsupported("constraint '" + c + "'");
        }
        String lhs = eq.group(1);
        String rhs = eq.group(2).strip();
        if (lhs.endsWith(".type")) {
            if (rhs.matches(VAR)) {
                // The same type: one type class, or the same single type.
                boolean known = !typeOf(s, lhs).isBottom() && !typeOf(s, rhs).isBottom()
                        && s.sameType(typeVariable(lhs), typeVariable(rhs));
                return known ? Optional.empty()
                        : Optional.of(lhs + "=" + typeOf(s, lhs) + ", " + rhs + "=" + typeOf(s, rhs));
            }
            return typeEntailed(s, lhs, typeSet(rhs.split(",")));
        }
        if (lhs.endsWith(".stack_numeric_size")) {
            return numericSizeEntailed(s, lhs, rhs);
        }
        String x = name(lhs);
        Matcher v = VAR_PLUS.matcher(rhs);
        if (v.matches()) {
            long k = v.group(2) == null ? 0 : (v.group(2).equals("-") ? -1 : 1) * Long.parseLong(v.group(3));
            String y = name(v.group(1));
            Bound up = s.values().upperBound(x, y);
            Bound down = s.values().upperBound(y, x);
            boolean ok = up.compareTo(Bound.of(k)) <= 0 && down.compareTo(Bound.of(-k)) <= 0;
            return ok ? Optional.empty() : Optional.of(lhs + "-" + v.group(1) + " in [" + down.negate() + ", " + up + "]");
        }
        Range want = range(rhs);
        List<Range> have = values(s, x);
        for (Range h : have) {
            if (!want.contains(h)) {
                return Optional.of(lhs + "=" + String.join(" | ", have.stream().map(Range::toString).toList()));
            }
        }
        return Optional.empty();
    }

    /// The values `x` may have in `s`: its interval, or for an unsigned view the unsigned
    /// values of the words both views allow (below and from 2^63).
    private static List<Range> values(EbpfState s, String x) {
        Interval i = s.values().interval(x);
        if (!x.endsWith(".uvalue") && !x.endsWith(".svalue")) {
            return List.of(range(i));
        }
        Scalar w = new Scalar(s.values().interval(sibling(x, "svalue")), s.values().interval(sibling(x, "uvalue")))
                .reconcile();
        if (x.endsWith(".svalue")) {
            return List.of(range(w.svalue()));
        }
        List<Range> out = new ArrayList<>();
        Interval low = w.svalue().meet(Interval.of(0, Long.MAX_VALUE)).meet(w.uvalue());
        if (!low.isBottom()) {
            out.add(range(low));
        }
        Interval high = w.svalue().meet(Interval.of(Long.MIN_VALUE, -1));
        if (!high.isBottom() && !w.uvalue().meet(new Interval(Bound.of(Long.MAX_VALUE), Bound.PLUS_INF)).isBottom()) {
            // A bound from 2^63 up is kept relative to the pivot (UnsignedPivot).
            BigInteger hi = BigInteger.valueOf(high.hi().value()).add(TWO_64);
            Optional<Long> over = UnsignedPivot.overPivot(s, x);
            if (over.isPresent()) {
                hi = hi.min(BigInteger.valueOf(Variables.UVALUE_PIVOT_VALUE).add(BigInteger.valueOf(over.get())));
            }
            BigInteger lo = BigInteger.valueOf(high.lo().value()).add(TWO_64);
            if (lo.compareTo(hi) <= 0) {
                out.add(new Range(lo, hi));
            }
        }
        return out;
    }

    private Optional<String> typeEntailed(EbpfState s, String var, TypeSet group) {
        if (var.startsWith("s[") && group.equals(TypeSet.NUMBER)) {
            int[] c = cell(var);
            if (s.stack().isNumeric(c[0], c[1] + 1)) {
                return Optional.empty();
            }
        }
        TypeSet t = typeOf(s, var);
        return !t.isBottom() && t.within(group) ? Optional.empty() : Optional.of(var + "=" + t);
    }

    /// A register's type, or a stack cell's (empty when we keep no such cell).
    private static TypeSet typeOf(EbpfState s, String var) {
        if (var.startsWith("s[")) {
            int[] c = cell(var);
            return s.stack().cell(c[0], c[1] - c[0] + 1).map(StackCell::type).orElse(TypeSet.BOTTOM);
        }
        return s.type(register(var));
    }

    private Optional<String> numericSizeEntailed(EbpfState s, String lhs, String rhs) {
        String x = name(lhs);
        if (rhs.matches(VAR)) {
            String y = name(rhs);
            boolean related = s.values().upperBound(x, y).compareTo(Bound.ZERO) <= 0
                    && s.values().upperBound(y, x).compareTo(Bound.ZERO) <= 0;
            // Two stack pointers at the same known offset have the same numeric bytes.
            boolean sameOffset = lhs.startsWith("r") && rhs.startsWith("r")
                    && s.type(register(lhs)).equals(TypeSet.of(RegionType.STACK))
                    && s.type(register(rhs)).equals(TypeSet.of(RegionType.STACK))
                    && s.values().interval(register(lhs) + ".stack_offset").singleton().isPresent()
                    && s.values().interval(register(lhs) + ".stack_offset")
                            .equals(s.values().interval(register(rhs) + ".stack_offset"));
            return related || sameOffset ? Optional.empty() : Optional.of(lhs + " and " + rhs + " not known equal");
        }
        long known;
        if (lhs.startsWith("r")) {
            Reg r = register(lhs);
            known = s.type(r).contains(RegionType.STACK) ? s.numericBytesAt(r) : 0;
        } else {
            Interval n = s.values().interval(x);
            known = n.lo().isFinite() ? Math.max(0, n.lo().value()) : 0;
        }
        Range want = range(rhs);
        // We know at least `known` numeric bytes: PREVAIL's size must not claim more.
        return want.lo() == null || want.lo().compareTo(BigInteger.valueOf(known)) <= 0 ? Optional.empty()
                : Optional.of(lhs + "=" + known);
    }

    // ----- names and values -----

    private String name(String var) {
        Matcher cell = CELL.matcher(var);
        if (cell.matches()) {
            String hi = cell.group(2) == null ? cell.group(1) : cell.group(2);
            return "s[" + cell.group(1) + "..." + hi + "]." + cell.group(3);
        }
        Matcher counter = COUNTER.matcher(var);
        if (counter.matches()) {
            return "pc[" + pcOfLabel.applyAsInt(Integer.parseInt(counter.group(1))) + "]";
        }
        Matcher reg = REGISTER.matcher(var);
        if (reg.matches() && !Variables.REGISTER_KINDS.contains(reg.group(2))) {
            throw new Unsupported("variable " + var + " (no such kind here)");
        }
        return var;
    }

    /// Our name of the register or cell whose type `var` (`r1.type`, `s[504].type`) is.
    private String typeVariable(String var) {
        String base = var.substring(0, var.length() - ".type".length());
        return base.startsWith("s[") ? name(base + ".x").replace(".x", "") : base;
    }

    private static String sibling(String var, String kind) {
        return var.substring(0, var.lastIndexOf('.') + 1) + kind;
    }

    private static int[] cell(String var) {
        Matcher m = CELL.matcher(var);
        if (!m.matches()) {
            throw new Unsupported("stack cell " + var);
        }
        int lo = Integer.parseInt(m.group(1));
        return new int[] {lo, m.group(2) == null ? lo : Integer.parseInt(m.group(2))};
    }

    private static Reg register(String var) {
        Matcher m = REGISTER.matcher(var);
        if (!m.matches()) {
            throw new Unsupported("register variable " + var);
        }
        return Reg.of(Integer.parseInt(m.group(1)));
    }

    private static TypeSet typeSet(String[] names) {
        TypeSet t = TypeSet.BOTTOM;
        for (String n : names) {
            try {
                t = t.join(TypeSet.of(RegionType.ofPrevailName(n.strip())));
            } catch (IllegalArgumentException e) {
                throw new Unsupported("type " + n.strip() + " is not modelled");
            }
        }
        return t;
    }

    private static Range range(String text) {
        Matcher r = RANGE.matcher(text);
        if (r.matches()) {
            return new Range(r.group(1).equals("-oo") ? null : new BigInteger(r.group(1)),
                    r.group(2).equals("+oo") ? null : new BigInteger(r.group(2)));
        }
        if (NUMBER.matcher(text).matches()) {
            BigInteger v = new BigInteger(text);
            return new Range(v, v);
        }
        throw new Unsupported("value '" + text + "'");
    }

    private static Range range(Interval i) {
        if (i.isBottom()) {
            return new Range(BigInteger.ONE, BigInteger.ZERO);
        }
        return new Range(i.lo().isFinite() ? BigInteger.valueOf(i.lo().value()) : null,
                i.hi().isFinite() ? BigInteger.valueOf(i.hi().value()) : null);
    }

    /// Our interval of a range: bounds above [Long#MAX_VALUE] (unsigned views) become `+∞`
    /// above and [Long#MAX_VALUE] below, as [Interval] keeps them.
    private static Interval interval(Range r) {
        Bound lo = r.lo() == null ? Bound.MINUS_INF
                : Bound.of(r.lo().max(LONG_MIN).min(LONG_MAX).longValueExact());
        Bound hi = r.hi() == null || r.hi().compareTo(LONG_MAX) > 0 ? Bound.PLUS_INF
                : Bound.of(r.hi().max(LONG_MIN).longValueExact());
        return new Interval(lo, hi);
    }
}
