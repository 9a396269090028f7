package io.splitbpf.verifier.domain.num;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/// The zone domain: a difference-bound matrix over named variables, holding constraints
/// `x - y <= c` and interval bounds `x <= c`, `x >= c` (differences with a zero vertex).
///
/// Representation: variable names sorted (so that output and iteration are deterministic),
/// and a dense `(n+1)²` matrix `m` where `m[i][j]` bounds `v_i - v_j` (index 0 is the
/// constant zero, [#INF] is no bound). Class invariants: bottom is a single canonical value;
/// every value except a fresh widening result is closed (shortest paths), and operations
/// close an unclosed operand before they read it. A widening result is left unclosed,
/// because closing it could undo the widening and break termination (Miné).
public final class ZoneDomain implements Lattice<ZoneDomain> {
    /// No bound.
    static final long INF = Long.MAX_VALUE;

    private static final ZoneDomain TOP = new ZoneDomain(new String[0], new long[] {0}, false, true);
    private static final ZoneDomain BOTTOM = new ZoneDomain(new String[0], new long[] {0}, true, true);

    private final String[] names;
    private final long[] m;
    private final boolean bottom;
    private final boolean closed;

    private ZoneDomain(String[] names, long[] m, boolean bottom, boolean closed) {
        this.names = names;
        this.m = m;
        this.bottom = bottom;
        this.closed = closed;
    }

    public static ZoneDomain top() {
        return TOP;
    }

    public static ZoneDomain bottom() {
        return BOTTOM;
    }

    /// The variables that carry at least one constraint, sorted.
    public SortedSet<String> variables() {
        return new TreeSet<>(Arrays.asList(names));
    }

    /// Whether `x` is one of [#variables()].
    public boolean has(String x) {
        return index(x) >= 0;
    }

    @Override
    public boolean isBottom() {
        return bottom;
    }

    @Override
    public boolean isTop() {
        if (bottom) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] != INF && i % (names.length + 2) != 0) {
                return false;
            }
        }
        return true;
    }

    private int dim() {
        return names.length + 1;
    }

    private int index(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? i + 1 : -1;
    }

    private long at(int i, int j) {
        return m[i * dim() + j];
    }

    static long add(long a, long b) {
        if (a == INF || b == INF) {
            return INF;
        }
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a > 0 ? INF : Long.MIN_VALUE;
        }
        return r == INF ? INF : r;
    }

    /// The tightest upper bound of `x - y` this value implies (`+∞` if none).
    public Bound upperBound(String x, String y) {
        ZoneDomain z = closed();
        if (z.bottom) {
            return Bound.MINUS_INF;
        }
        int i = z.index(x);
        int j = z.index(y);
        if (i < 0 || j < 0) {
            return x.equals(y) ? Bound.ZERO : Bound.PLUS_INF;
        }
        long v = z.at(i, j);
        return v == INF ? Bound.PLUS_INF : Bound.of(v);
    }

    /// The interval of `x` this value implies.
    public Interval interval(String x) {
        ZoneDomain z = closed();
        if (z.bottom) {
            return Interval.bottom();
        }
        int i = z.index(x);
        if (i < 0) {
            return Interval.top();
        }
        long hi = z.at(i, 0);
        long negLo = z.at(0, i);
        Bound lo = negLo == INF ? Bound.MINUS_INF : Bound.of(negLo).negate();
        return Interval.of(lo, hi == INF ? Bound.PLUS_INF : Bound.of(hi));
    }

    /// Whether every state described here satisfies `c`.
    public boolean entails(LinearConstraint c) {
        if (closed().bottom) {
            return true;
        }
        Bound b = switch (c.minus().isPresent() ? 1 : 0) {
            case 1 -> c.plus().isPresent()
                    ? upperBound(c.plus().get(), c.minus().get())
                    : interval(c.minus().get()).lo().negate();
            default -> interval(c.plus().orElseThrow()).hi();
        };
        return b.compareTo(Bound.of(c.bound())) <= 0;
    }

    /// This value with `c` added (bottom if that contradicts it).
    public ZoneDomain assume(LinearConstraint c) {
        ZoneDomain z = withVariables(c.plus().orElse(null), c.minus().orElse(null));
        if (z.bottom) {
            return z;
        }
        int i = c.plus().map(z::index).orElse(0);
        int j = c.minus().map(z::index).orElse(0);
        return z.addEdge(i, j, c.bound());
    }

    /// This value with every constraint in `cs` added.
    public ZoneDomain assumeAll(Collection<LinearConstraint> cs) {
        ZoneDomain z = this;
        for (LinearConstraint c : cs) {
            z = z.assume(c);
        }
        return z;
    }

    /// This value with `x` constrained to `range` (bounds that are infinite add nothing).
    public ZoneDomain assume(String x, Interval range) {
        if (range.isBottom()) {
            return BOTTOM;
        }
        ZoneDomain z = this;
        if (range.hi().isFinite()) {
            z = z.assume(LinearConstraint.atMost(x, range.hi().value()));
        }
        if (range.lo().isFinite() && range.lo().value() != Long.MIN_VALUE) {
            z = z.assume(LinearConstraint.atLeast(x, range.lo().value()));
        }
        return z;
    }

    /// `x := range`: forgets what was known of `x`, then bounds it.
    public ZoneDomain assign(String x, Interval range) {
        boolean hasHi = range.hi().isFinite();
        boolean hasLo = range.lo().isFinite() && range.lo().value() != Long.MIN_VALUE;
        if (range.isBottom() || bottom || !hasHi && !hasLo) {
            return range.isBottom() ? BOTTOM : forget(x);
        }
        ZoneDomain c = closed();
        if (c.bottom) {
            return c;
        }
        ZoneDomain z = c.withVariable(x);
        // In a closed matrix where `x` is free, bounding it changes only its row and column:
        // x - v <= hi + (0 - v) and v - x <= (v - 0) - lo, the shortest paths through zero.
        return z.rebind(z.index(x), 0, hasHi ? range.hi().value() : INF, hasLo ? -range.lo().value() : INF, z != c);
    }

    /// Row and column `k` of this closed value rebuilt for `v_k - v_base <= up` and
    /// `v_base - v_k <= down` alone: what closing gives when nothing else constrained `v_k`.
    /// `fresh` says that this value is new and not yet shared, so its matrix may be reused.
    private ZoneDomain rebind(int k, int base, long up, long down, boolean fresh) {
        int d = dim();
        long[] r = fresh ? m : m.clone();
        for (int j = 0; j < d; j++) {
            r[k * d + j] = add(up, m[base * d + j]);
            r[j * d + k] = add(m[j * d + base], down);
        }
        r[k * d + k] = 0;
        return new ZoneDomain(names, r, false, true);
    }

    /// `x := y + c`, keeping the relation even when nothing is known of `y` yet. When `x` is
    /// `y` this shifts every constraint on `x`.
    public ZoneDomain assign(String x, String y, long c) {
        if (x.equals(y)) {
            return shift(x, c);
        }
        if (bottom) {
            return this;
        }
        ZoneDomain z = closed();
        if (!z.bottom && z.index(y) >= 0 && c != Long.MIN_VALUE && c != INF) {
            // x = y + c exactly: x's row and column are y's, moved by c.
            ZoneDomain w = z.withVariable(x);
            return w.rebind(w.index(x), w.index(y), c, -c, w != z);
        }
        z = forget(x).assume(LinearConstraint.difference(x, y, c));
        return z.assume(LinearConstraint.difference(y, x, negateSaturating(c)));
    }

    private static long negateSaturating(long c) {
        return c == Long.MIN_VALUE ? INF : -c;
    }

    private ZoneDomain shift(String x, long c) {
        return addRange(x, Interval.of(c));
    }

    /// `x := x + d` for some `d` in `range`: every bound on `x - y` grows by the greatest `d`
    /// and every bound on `y - x` by minus the least, so relations survive the move (an
    /// infinite side of `range` drops the bounds in its direction).
    public ZoneDomain addRange(String x, Interval range) {
        ZoneDomain z = closed();
        int k = z.index(x);
        if (z.bottom || k < 0) {
            return z;
        }
        if (range.isBottom()) {
            return BOTTOM;
        }
        long up = range.hi().isFinite() ? range.hi().value() : INF;
        long down = range.lo().isFinite() ? negateSaturating(range.lo().value()) : INF;
        long[] r = z.m.clone();
        int d = z.dim();
        for (int j = 0; j < d; j++) {
            if (j != k) {
                r[k * d + j] = up == INF ? INF : add(r[k * d + j], up);
                r[j * d + k] = down == INF ? INF : add(r[j * d + k], down);
            }
        }
        return new ZoneDomain(z.names, r, false, true);
    }

    /// This value without any constraint on `x`.
    public ZoneDomain forget(String x) {
        return forgetAll(List.of(x));
    }

    /// This value without any constraint on the variables in `xs`.
    public ZoneDomain forgetAll(Collection<String> xs) {
        boolean[] drop = new boolean[names.length];
        int dropped = 0;
        for (String x : xs) {
            int i = bottom ? -1 : index(x);
            if (i > 0 && !drop[i - 1]) {
                drop[i - 1] = true;
                dropped++;
            }
        }
        if (dropped == 0) {
            return this;
        }
        ZoneDomain z = closed();
        if (z.bottom) {
            return z;
        }
        // Projecting a closed matrix keeps it closed: its rows and columns are just dropped.
        String[] target = new String[names.length - dropped];
        int[] from = new int[target.length + 1];
        for (int i = 0, t = 0; i < names.length; i++) {
            if (!drop[i]) {
                target[t] = names[i];
                from[++t] = i + 1;
            }
        }
        return new ZoneDomain(target, z.remap(from), false, true);
    }

    /// This value restricted to the variables in `keep` (all others forgotten).
    public ZoneDomain project(Collection<String> keep) {
        ZoneDomain z = closed();
        Set<String> k = keep instanceof Set<String> set ? set : new HashSet<>(keep);
        return z.bottom ? z : z.embed(Arrays.stream(z.names).filter(k::contains).toArray(String[]::new));
    }

    /// Embeds this (closed) value into a variable set; variables new to it are unconstrained.
    private ZoneDomain embed(String[] target) {
        if (Arrays.equals(target, names)) {
            return this;
        }
        int[] from = new int[target.length + 1];
        for (int i = 1; i < from.length; i++) {
            from[i] = index(target[i - 1]);
        }
        return new ZoneDomain(target, remap(from), false, closed);
    }

    /// The matrix over `from.length` vertices whose `i`th is this value's `from[i]` (-1 for a
    /// new, unconstrained variable).
    private long[] remap(int[] from) {
        int od = dim();
        int d = from.length;
        long[] r = new long[d * d];
        for (int i = 0; i < d; i++) {
            int row = from[i] * od;
            for (int j = 0; j < d; j++) {
                r[i * d + j] = i == j ? 0 : (from[i] < 0 || from[j] < 0 ? INF : m[row + from[j]]);
            }
        }
        return r;
    }

    /// This value over its variables and `a` and `b` (either may be null).
    private ZoneDomain withVariables(String a, String b) {
        ZoneDomain z = a == null ? this : withVariable(a);
        return b == null ? z : z.withVariable(b);
    }

    /// This value with `x` among its variables, unconstrained if it was not: the matrix gets an
    /// unbounded row and column at `x`'s place in the sorted names.
    private ZoneDomain withVariable(String x) {
        int at = Arrays.binarySearch(names, x);
        if (bottom || at >= 0) {
            return this;
        }
        int k = -at;
        String[] target = new String[names.length + 1];
        System.arraycopy(names, 0, target, 0, k - 1);
        target[k - 1] = x;
        System.arraycopy(names, k - 1, target, k, names.length - k + 1);
        int od = dim();
        int d = od + 1;
        long[] r = new long[d * d];
        for (int i = 0; i < od; i++) {
            int row = (i < k ? i : i + 1) * d;
            System.arraycopy(m, i * od, r, row, k);
            r[row + k] = INF;
            System.arraycopy(m, i * od + k, r, row + k + 1, od - k);
        }
        Arrays.fill(r, k * d, k * d + d, INF);
        r[k * d + k] = 0;
        return new ZoneDomain(target, r, false, closed);
    }

    /// Adds `v_i - v_j <= c` to a closed matrix and restores closure in O(n²).
    private ZoneDomain addEdge(int i, int j, long c) {
        ZoneDomain z = closed();
        if (z.at(i, j) <= c) {
            return z;
        }
        int d = z.dim();
        long[] r = z.m.clone();
        for (int a = 0; a < d; a++) {
            long ai = a == i ? 0 : r[a * d + i];
            if (ai == INF) {
                continue;
            }
            for (int b = 0; b < d; b++) {
                long jb = b == j ? 0 : z.m[j * d + b];
                long via = add(add(ai, c), jb);
                if (via < r[a * d + b]) {
                    r[a * d + b] = via;
                }
            }
        }
        for (int a = 0; a < d; a++) {
            if (r[a * d + a] < 0) {
                return BOTTOM;
            }
        }
        return new ZoneDomain(z.names, r, false, true);
    }

    /// This value in closed form (Floyd–Warshall), or bottom when it is inconsistent.
    private ZoneDomain closed() {
        if (closed || bottom) {
            return this;
        }
        int d = dim();
        long[] r = m.clone();
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                long ik = r[i * d + k];
                if (ik == INF) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    long via = add(ik, r[k * d + j]);
                    if (via < r[i * d + j]) {
                        r[i * d + j] = via;
                    }
                }
            }
        }
        for (int i = 0; i < d; i++) {
            if (r[i * d + i] < 0) {
                return BOTTOM;
            }
        }
        return new ZoneDomain(names, r, false, true);
    }

    private String[] union(ZoneDomain o) {
        TreeSet<String> all = new TreeSet<>(Arrays.asList(names));
        all.addAll(Arrays.asList(o.names));
        return all.toArray(String[]::new);
    }

    @Override
    public boolean leq(ZoneDomain other) {
        ZoneDomain a = closed();
        ZoneDomain b = other.closed();
        if (a.bottom) {
            return true;
        }
        if (b.bottom) {
            return false;
        }
        String[] all = a.union(b);
        ZoneDomain x = a.embed(all);
        ZoneDomain y = b.embed(all);
        for (int i = 0; i < x.m.length; i++) {
            if (x.m[i] > y.m[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ZoneDomain join(ZoneDomain other) {
        ZoneDomain a = closed();
        ZoneDomain b = other.closed();
        if (a.bottom) {
            return b;
        }
        if (b.bottom) {
            return a;
        }
        String[] all = a.union(b);
        ZoneDomain x = a.embed(all);
        ZoneDomain y = b.embed(all);
        long[] r = new long[x.m.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.max(x.m[i], y.m[i]);
        }
        return new ZoneDomain(all, r, false, true).dropUnconstrained();
    }

    @Override
    public ZoneDomain meet(ZoneDomain other) {
        if (bottom || other.bottom) {
            return BOTTOM;
        }
        String[] all = union(other);
        ZoneDomain x = closed().embed(all);
        ZoneDomain y = other.closed().embed(all);
        if (x.bottom || y.bottom) {
            return BOTTOM;
        }
        long[] r = new long[x.m.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.min(x.m[i], y.m[i]);
        }
        return new ZoneDomain(all, r, false, false).closed();
    }

    @Override
    public ZoneDomain widen(ZoneDomain other) {
        return widen(other, Thresholds.NONE);
    }

    /// Widening: a bound that grows is dropped, except that bounds against zero (intervals)
    /// jump to the next threshold first.
    public ZoneDomain widen(ZoneDomain other, Thresholds thresholds) {
        ZoneDomain b = other.closed();
        if (bottom) {
            return b;
        }
        if (b.bottom) {
            return this;
        }
        String[] all = union(b);
        ZoneDomain x = embedUnclosed(all);
        ZoneDomain y = b.embed(all);
        int d = all.length + 1;
        long[] r = new long[x.m.length];
        for (int i = 0; i < r.length; i++) {
            if (y.m[i] <= x.m[i]) {
                r[i] = x.m[i];
            } else if (i / d == 0 || i % d == 0) {
                Bound t = thresholds.above(Bound.of(y.m[i]));
                r[i] = t.isFinite() ? t.value() : INF;
            } else {
                r[i] = INF;
            }
        }
        return new ZoneDomain(all, r, false, false);
    }

    private ZoneDomain embedUnclosed(String[] target) {
        return new ZoneDomain(names, m, false, true).embed(target).withClosed(closed);
    }

    private ZoneDomain withClosed(boolean c) {
        return c == closed ? this : new ZoneDomain(names, m, bottom, c);
    }

    @Override
    public ZoneDomain narrow(ZoneDomain other) {
        if (bottom || other.bottom) {
            return BOTTOM;
        }
        String[] all = union(other);
        ZoneDomain x = embedUnclosed(all);
        ZoneDomain y = other.closed().embed(all);
        if (y.bottom) {
            return BOTTOM;
        }
        long[] r = new long[x.m.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x.m[i] == INF ? y.m[i] : x.m[i];
        }
        return new ZoneDomain(all, r, false, false).closed();
    }

    /// Drops variables that carry no constraint, keeping the matrix small after joins.
    private ZoneDomain dropUnconstrained() {
        int d = dim();
        List<String> keep = new ArrayList<>();
        for (int i = 1; i < d; i++) {
            boolean any = false;
            for (int j = 0; j < d && !any; j++) {
                any = j != i && (at(i, j) != INF || at(j, i) != INF);
            }
            if (any) {
                keep.add(names[i - 1]);
            }
        }
        return keep.size() == names.length ? this : embed(keep.toArray(String[]::new));
    }

    /// The constraints of this value, one per line-able string, sorted: intervals first as
    /// `x=[lo, hi]`, then differences `x-y<=c` that the intervals do not already imply.
    public List<String> describe() {
        ZoneDomain z = closed();
        if (z.bottom) {
            return List.of("_|_");
        }
        List<String> out = new ArrayList<>();
        for (String n : z.names) {
            Interval i = z.interval(n);
            if (!i.isTop()) {
                out.add(n + "=" + i);
            }
        }
        int d = z.dim();
        for (int i = 1; i < d; i++) {
            for (int j = 1; j < d; j++) {
                long v = z.at(i, j);
                if (i == j || v == INF) {
                    continue;
                }
                Bound implied = z.interval(z.names[i - 1]).hi().minus(z.interval(z.names[j - 1]).lo().isMinusInfinity()
                        ? Bound.MINUS_INF : z.interval(z.names[j - 1]).lo());
                if (implied.compareTo(Bound.of(v)) > 0) {
                    out.add(z.names[i - 1] + "-" + z.names[j - 1] + "<=" + v);
                }
            }
        }
        return out;
    }

    /// Optional lookup of a variable's single value.
    public Optional<Long> value(String x) {
        return interval(x).singleton();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZoneDomain z && leq(z) && z.leq(this);
    }

    /// A hash of the closed form's canonical description, so that values equal by [#equals]
    /// (mutual `leq`) hash alike whatever unconstrained variables they carry.
    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", describe());
    }
}
