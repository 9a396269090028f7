package io.splitbpf.verifier.domain.num;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/// The zone domain: a difference-bound matrix over named variables, holding constraints
/// `x - y <= c` and interval bounds `x <= c`, `x >= c` (differences with a zero vertex).
///
/// Representation: a [ZoneMatrix], which keeps the variable names sorted (so that output and
/// iteration are deterministic) and bounds `v_i - v_j` (the constant zero is a vertex too,
/// [#INF] is no bound) in persistent per-variable blocks, so that rebinding one variable
/// shares every other bound with the value it came from. Vertices are the matrix's slots
/// (0 the zero). Class invariants: bottom is a single canonical value; every value except a
/// fresh widening result is closed (shortest paths), and operations close an unclosed operand
/// before they read it. A widening result is left unclosed, because closing it could undo
/// the widening and break termination (Miné).
///
/// Each variable may also carry a [Congruence] (`x ≡ r mod 2^k`, the reduced product with the
/// congruence domain). Soundness by default: every operation that gives a variable a new value
/// drops its congruence unless it is one of the few that compute it (`x := y + c`, `x += c`, a
/// constant, [#withCongruence]). Invariants: a congruence is kept only for a variable of the
/// matrix, and constrains its value as an integer (the zone's values are integers, so this is
/// exact; machine arithmetic is the callers'); a constant's congruence is not stored but read
/// from its interval ([#congruence]). Reduction: after an [#assume] or [#withCongruence], the
/// bounds of a variable with a congruence are rounded inward to it (a bound `x <= 255` with
/// `x ≡ 0 mod 4` becomes `x <= 252`), and a variable left with no value makes the value bottom.
/// Widening joins congruences (the lattice has finite height) and never rounds.
public final class ZoneDomain implements Lattice<ZoneDomain> {
    /// No bound.
    static final long INF = ZoneMatrix.INF;

    private static final Map<String, Congruence> NO_CONGRUENCES = Map.of();
    private static final ZoneDomain TOP = new ZoneDomain(ZoneMatrix.EMPTY, false, true, NO_CONGRUENCES);
    private static final ZoneDomain BOTTOM = new ZoneDomain(ZoneMatrix.EMPTY, true, true, NO_CONGRUENCES);

    private final ZoneMatrix mat;
    private final boolean bottom;
    private final boolean closed;
    /// The congruences of variables that are not known constants, never top; never modified
    /// (a change makes a new map). A hash map, for cheap lookups: nothing depends on its order.
    private final Map<String, Congruence> congruences;

    private ZoneDomain(ZoneMatrix mat, boolean bottom, boolean closed, Map<String, Congruence> congruences) {
        this.mat = mat;
        this.bottom = bottom;
        this.closed = closed;
        this.congruences = congruences;
    }

    public static ZoneDomain top() {
        return TOP;
    }

    public static ZoneDomain bottom() {
        return BOTTOM;
    }

    /// The variables that carry at least one constraint, sorted.
    public SortedSet<String> variables() {
        return new TreeSet<>(Arrays.asList(mat.names()));
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
        if (bottom || !congruences.isEmpty()) {
            return false;
        }
        int n = mat.size();
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                if (i != j && mat.get(mat.vertex(i), mat.vertex(j)) != INF) {
                    return false;
                }
            }
        }
        return true;
    }

    /// The vertex (slot) of `name`, or -1.
    private int index(String name) {
        return mat.slot(name);
    }

    private long at(int i, int j) {
        return mat.get(i, j);
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
        return z.intervalAt(z.index(x));
    }

    /// The interval of the vertex `i` (-1: no variable) of this closed, non-bottom value.
    private Interval intervalAt(int i) {
        if (i < 0) {
            return Interval.top();
        }
        long hi = at(i, 0);
        long negLo = at(0, i);
        Bound lo = negLo == INF ? Bound.MINUS_INF : negLo == Long.MIN_VALUE ? Bound.PLUS_INF : Bound.of(-negLo);
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
        String plus = c.plus().orElse(null);
        String minus = c.minus().orElse(null);
        ZoneDomain z = withVariables(plus, minus).closed();
        if (z.bottom) {
            return z;
        }
        int i = plus == null ? 0 : z.index(plus);
        int j = minus == null ? 0 : z.index(minus);
        ZoneDomain out = z.addEdge(i, j, c.bound());
        // The reduction rounds the variables of the constraint only: a bound that closure
        // tightened elsewhere stays as it is (precision, not soundness), which keeps this O(1).
        return out == z || out.congruences.isEmpty() ? out : out.rounded(plus).rounded(minus);
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
        // In a closed matrix where `x` is free, bounding it changes only its row and column:
        // x - v <= hi + (0 - v) and v - x <= (v - 0) - lo, the shortest paths through zero.
        return c.rebind(x, 0, hasHi ? range.hi().value() : INF, hasLo ? -range.lo().value() : INF);
    }

    /// This closed value with `x`'s row and column rebuilt for `x - v_base <= up` and
    /// `v_base - x <= down` alone: what closing gives when nothing else constrained `x`.
    private ZoneDomain rebind(String x, int base, long up, long down) {
        int old = mat.slot(x);
        long[] block = mat.freshBlock();
        for (int i = 0, n = mat.size(); i <= n; i++) {
            int v = mat.vertex(i);
            if (v != old) {
                block[2 * v] = add(up, mat.get(base, v));
                block[2 * v + 1] = add(mat.get(v, base), down);
            }
        }
        return new ZoneDomain(mat.rebound(x, block), false, true, without(congruences, x));
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
        int base = z.bottom ? -1 : z.index(y);
        if (base >= 0 && c != Long.MIN_VALUE && c != INF) {
            // x = y + c exactly: x's row and column are y's, moved by c, and so is y's congruence.
            ZoneDomain out = z.rebind(x, base, c, -c);
            Congruence cy = z.congruences.get(y);
            return cy == null ? out : new ZoneDomain(out.mat, false, true, with(out.congruences, x, cy.plus(c)));
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
        ZoneMatrix zm = z.mat;
        long[] block = zm.freshBlock();
        for (int i = 0, n = zm.size(); i <= n; i++) {
            int v = zm.vertex(i);
            if (v != k) {
                block[2 * v] = up == INF ? INF : add(zm.get(k, v), up);
                block[2 * v + 1] = down == INF ? INF : add(zm.get(v, k), down);
            }
        }
        // x + c keeps x's congruence, moved by c; a range of steps loses it.
        Map<String, Congruence> cs = without(z.congruences, x);
        // (A constant's congruence is read from its bounds: only a stored one needs moving.)
        Congruence stored = z.congruences.get(x);
        Congruence c = stored != null && range.singleton().isPresent() ? stored.plus(range.singleton().get()) : Congruence.top();
        return new ZoneDomain(zm.rebound(x, block), false, true, c.isTop() ? cs : with(cs, x, c));
    }

    /// This value without any constraint on `x`.
    public ZoneDomain forget(String x) {
        return forgetAll(List.of(x));
    }

    /// This value without any constraint on the variables in `xs`.
    public ZoneDomain forgetAll(Collection<String> xs) {
        String[] names = mat.names();
        boolean[] drop = new boolean[names.length];
        int dropped = 0;
        for (String x : xs) {
            int i = bottom ? -1 : Arrays.binarySearch(names, x);
            if (i >= 0 && !drop[i]) {
                drop[i] = true;
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
        // (Closing keeps the names, so `drop` still lines up with them.)
        return new ZoneDomain(z.mat.without(drop, dropped), false, true, without(z.congruences, xs));
    }

    /// This value restricted to the variables in `keep` (all others forgotten).
    public ZoneDomain project(Collection<String> keep) {
        ZoneDomain z = closed();
        if (z.bottom) {
            return z;
        }
        Set<String> k = keep instanceof Set<String> set ? set : new HashSet<>(keep);
        String[] names = z.mat.names();
        boolean[] drop = new boolean[names.length];
        int dropped = 0;
        for (int i = 0; i < names.length; i++) {
            if (!k.contains(names[i])) {
                drop[i] = true;
                dropped++;
            }
        }
        return dropped == 0 ? z : new ZoneDomain(z.mat.without(drop, dropped), false, true, kept(z.congruences, k::contains));
    }

    /// This value over its variables and `a` and `b` (either may be null).
    private ZoneDomain withVariables(String a, String b) {
        ZoneDomain z = a == null ? this : withVariable(a);
        return b == null ? z : z.withVariable(b);
    }

    /// This value with `x` among its variables, unconstrained if it was not.
    private ZoneDomain withVariable(String x) {
        if (bottom || mat.slot(x) >= 0) {
            return this;
        }
        return new ZoneDomain(mat.rebound(x, mat.freshBlock()), false, closed, congruences);
    }

    /// Adds `v_i - v_j <= c` to this closed value and restores closure in O(n²): every bound
    /// `v_a - v_b` becomes at most `(v_a - v_i) + c + (v_j - v_b)`, all read from this value.
    /// Only vertices `a` with a bound to `v_i` and `b` with a bound from `v_j` can improve, so
    /// those are listed first (usually few: relations are sparse).
    private ZoneDomain addEdge(int i, int j, long c) {
        if (at(i, j) <= c) {
            return this;
        }
        ZoneMatrix zm = mat;
        int n = zm.size();
        int[] as = new int[n + 1];
        long[] toI = new long[n + 1];
        int[] bs = new int[n + 1];
        long[] fromJ = new long[n + 1];
        int na = 0;
        int nb = 0;
        for (int p = 0; p <= n; p++) {
            int v = zm.vertex(p);
            long ai = zm.get(v, i);
            if (ai != INF) {
                as[na] = v;
                toI[na++] = add(ai, c);
            }
            long jb = zm.get(j, v);
            if (jb != INF) {
                bs[nb] = v;
                fromJ[nb++] = jb;
            }
        }
        ZoneMatrix.Edit edit = zm.edit();
        for (int p = 0; p < na; p++) {
            int a = as[p];
            long aic = toI[p];
            for (int q = 0; q < nb; q++) {
                int b = bs[q];
                long via = add(aic, fromJ[q]);
                if (via < zm.get(a, b)) {
                    if (a == b) {
                        return BOTTOM;
                    }
                    edit.set(a, b, via);
                }
            }
        }
        return new ZoneDomain(edit.done(), false, true, congruences);
    }

    /// This value in closed form (Floyd–Warshall), or bottom when it is inconsistent.
    private ZoneDomain closed() {
        if (closed || bottom) {
            return this;
        }
        return closeDense(mat.names(), mat.dense(mat.names()), congruences);
    }

    /// The closed value of the dense matrix `r` over `names` (closed in place) with the
    /// congruences `cs`, or bottom.
    private static ZoneDomain closeDense(String[] names, long[] r, Map<String, Congruence> cs) {
        int d = names.length + 1;
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
        return new ZoneDomain(ZoneMatrix.ofDense(names, r), false, true, cs);
    }

    /// The sorted union of this value's names and `o`'s (one of theirs when it is one).
    private String[] union(ZoneDomain o) {
        String[] a = mat.names();
        String[] b = o.mat.names();
        String[] all = new String[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int cmp = i == a.length ? 1 : j == b.length ? -1 : a[i].compareTo(b[j]);
            all[n++] = cmp <= 0 ? a[i] : b[j];
            i += cmp <= 0 ? 1 : 0;
            j += cmp >= 0 ? 1 : 0;
        }
        return n == a.length ? a : n == b.length ? b : Arrays.copyOf(all, n);
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
        // Only where `b` has a bound can `a`'s exceed it: elsewhere `b` has +∞ (or 0 on the
        // diagonal), so the pairs of `b`'s variables are all there is to compare.
        String[] names = b.mat.names();
        int[] va = a.mat.verticesOf(names);
        int[] vb = b.mat.verticesOf(names);
        for (int p = 0; p < vb.length; p++) {
            for (int q = 0; q < vb.length; q++) {
                if (p != q) {
                    long y = b.mat.get(vb[p], vb[q]);
                    if (y != INF && a.mat.getOrInf(va[p], va[q]) > y) {
                        return false;
                    }
                }
            }
        }
        for (Map.Entry<String, Congruence> e : b.congruences.entrySet()) {
            int i = a.index(e.getKey());
            if (i < 0 || !a.congruenceAt(e.getKey(), i).leq(e.getValue())) {
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
        int[] va = a.mat.verticesOf(all);
        int[] vb = b.mat.verticesOf(all);
        int d = all.length + 1;
        long[] r = new long[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                r[i * d + j] = i == j ? 0 : Math.max(a.mat.getOrInf(va[i], va[j]), b.mat.getOrInf(vb[i], vb[j]));
            }
        }
        boolean[] keep = constrained(all.length, r);
        Map<String, Congruence> cs = NO_CONGRUENCES;
        for (int i = 1; i < d; i++) {
            if (keep[i - 1] && !isConstant(r[i * d], r[i])) {
                cs = joinCongruence(cs, all[i - 1], a, a.mat.getOrInf(va[i], 0), a.mat.getOrInf(0, va[i]),
                        b, b.mat.getOrInf(vb[i], 0), b.mat.getOrInf(0, vb[i]));
            }
        }
        return new ZoneDomain(ZoneMatrix.ofDense(all, r, keep), false, true, cs);
    }

    /// `cs` with the congruence of `x`, not a constant in the join, added: the join of what `a`
    /// and `b` say of it, given `x`'s bounds there (`x <= aHi`, `-x <= aNegLo`, and so for `b`),
    /// so that constants count (0 and 4 give `≡ 0 mod 4`); left out when top. A variable missing
    /// from a side has no bounds and no congruence there: top. (Bounds of an unclosed widening
    /// result still hold, so either side may be one.)
    private static Map<String, Congruence> joinCongruence(Map<String, Congruence> cs, String x, ZoneDomain a, long aHi,
                                                          long aNegLo, ZoneDomain b, long bHi, long bNegLo) {
        Congruence ca = a.congruenceAt(x, aHi, aNegLo);
        if (ca.isTop()) {
            return cs;
        }
        Congruence c = ca.join(b.congruenceAt(x, bHi, bNegLo));
        if (c.isTop()) {
            return cs;
        }
        Map<String, Congruence> out = cs == NO_CONGRUENCES ? new HashMap<>() : cs;
        out.put(x, c);
        return out;
    }

    /// What this value says of `x`'s congruence, given `x`'s bounds `hi` and `-negLo` here: a
    /// constant's, or the stored one.
    private Congruence congruenceAt(String x, long hi, long negLo) {
        if (isConstant(hi, negLo)) {
            return Congruence.of(hi);
        }
        Congruence c = congruences.isEmpty() ? null : congruences.get(x);
        return c == null ? Congruence.top() : c;
    }

    private Congruence congruenceAt(String x, int i) {
        return congruenceAt(x, mat.get(i, 0), mat.get(0, i));
    }

    /// Whether the bounds `x <= hi` and `-x <= negLo` leave `x` a single value.
    private static boolean isConstant(long hi, long negLo) {
        return hi != INF && negLo != INF && negLo != Long.MIN_VALUE && hi == -negLo;
    }

    /// The congruence known of `x`: the stored one, a constant's, or top.
    public Congruence congruence(String x) {
        ZoneDomain z = closed();
        int i = z.bottom ? -1 : z.index(x);
        return i < 0 ? Congruence.top() : z.congruenceAt(x, i);
    }

    /// This value with `x ≡ c` known too (bottom when that contradicts it), and `x`'s bounds
    /// rounded to the result.
    public ZoneDomain withCongruence(String x, Congruence c) {
        ZoneDomain z = closed();
        if (z.bottom || c.isTop()) {
            return z;
        }
        Optional<Long> v = z.interval(x).singleton();
        if (v.isPresent()) {
            return c.contains(v.get()) ? z : BOTTOM;
        }
        Congruence m = c.meetOrNull(z.congruence(x));
        if (m == null) {
            return BOTTOM;
        }
        z = z.withVariable(x);
        return new ZoneDomain(z.mat, false, true, with(z.congruences, x, m)).rounded(x);
    }

    /// This closed value with `x`'s bounds rounded inward to its congruence (see [#reduced]).
    private ZoneDomain rounded(String x) {
        Congruence c = bottom || x == null ? null : congruences.get(x);
        return c == null ? this : round(index(x), c);
    }

    /// This closed, non-bottom value with the bounds of the vertex `i` rounded inward to `c`,
    /// or bottom when no value is left.
    private ZoneDomain round(int i, Congruence c) {
        Interval now = intervalAt(i);
        Interval r = c.round(now);
        if (r.isBottom()) {
            return BOTTOM;
        }
        ZoneDomain z = r.hi().compareTo(now.hi()) < 0 ? addEdge(i, 0, r.hi().value()) : this;
        return z.bottom || r.lo().compareTo(now.lo()) <= 0 ? z : z.addEdge(0, i, -r.lo().value());
    }

    /// The reduction with the congruences: this closed value with each bound of a variable that
    /// has a congruence rounded inward to it, or bottom when a variable has no value left. One
    /// pass: a rounding that tightens other bounds through closure is not rounded again (that
    /// loses precision, not soundness).
    private ZoneDomain reduced() {
        if (bottom || congruences.isEmpty()) {
            return this;
        }
        ZoneDomain z = this;
        // In the order of the names, so that the result does not depend on the map's.
        for (Map.Entry<String, Congruence> e : new TreeMap<>(congruences).entrySet()) {
            z = z.round(z.index(e.getKey()), e.getValue());
            if (z.bottom) {
                return BOTTOM;
            }
        }
        return z;
    }

    private static Map<String, Congruence> without(Map<String, Congruence> cs, String x) {
        if (!cs.containsKey(x)) {
            return cs;
        }
        Map<String, Congruence> out = new HashMap<>(cs);
        out.remove(x);
        return out.isEmpty() ? NO_CONGRUENCES : out;
    }

    private static Map<String, Congruence> without(Map<String, Congruence> cs, Collection<String> xs) {
        if (cs.isEmpty()) {
            return cs;
        }
        Map<String, Congruence> out = cs;
        for (String x : xs) {
            if (out.containsKey(x)) {
                out = out == cs ? new HashMap<>(cs) : out;
                out.remove(x);
            }
        }
        return out.isEmpty() ? NO_CONGRUENCES : out;
    }

    private static Map<String, Congruence> kept(Map<String, Congruence> cs, java.util.function.Predicate<String> keep) {
        Map<String, Congruence> out = cs;
        for (String x : cs.keySet()) {
            if (!keep.test(x)) {
                out = out == cs ? new HashMap<>(cs) : out;
                out.remove(x);
            }
        }
        return out.isEmpty() ? NO_CONGRUENCES : out;
    }

    private static Map<String, Congruence> with(Map<String, Congruence> cs, String x, Congruence c) {
        if (c.isTop()) {
            return without(cs, x);
        }
        Map<String, Congruence> out = new HashMap<>(cs);
        out.put(x, c);
        return out;
    }

    @Override
    public ZoneDomain meet(ZoneDomain other) {
        if (bottom || other.bottom) {
            return BOTTOM;
        }
        String[] all = union(other);
        ZoneDomain a = closed();
        ZoneDomain b = other.closed();
        if (a.bottom || b.bottom) {
            return BOTTOM;
        }
        long[] x = a.mat.dense(all);
        long[] y = b.mat.dense(all);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(x[i], y[i]);
        }
        Map<String, Congruence> cs = a.congruences;
        for (Map.Entry<String, Congruence> e : b.congruences.entrySet()) {
            Congruence mine = cs.get(e.getKey());
            Congruence m = mine == null ? e.getValue() : mine.meetOrNull(e.getValue());
            if (m == null) {
                return BOTTOM;
            }
            cs = m == mine ? cs : with(cs, e.getKey(), m);
        }
        return closeDense(all, x, cs).reduced();
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
        long[] x = mat.dense(all);
        long[] y = b.mat.dense(all);
        int d = all.length + 1;
        long[] r = new long[x.length];
        for (int i = 0; i < r.length; i++) {
            if (y[i] <= x[i]) {
                r[i] = x[i];
            } else if (i / d == 0 || i % d == 0) {
                Bound t = thresholds.above(Bound.of(y[i]));
                r[i] = t.isFinite() ? t.value() : INF;
            } else {
                r[i] = INF;
            }
        }
        Map<String, Congruence> cs = NO_CONGRUENCES;
        for (int i = 1; i < d; i++) {
            if (!isConstant(r[i * d], r[i])) {
                cs = joinCongruence(cs, all[i - 1], this, x[i * d], x[i], b, y[i * d], y[i]);
            }
        }
        return new ZoneDomain(ZoneMatrix.ofDense(all, r), false, false, cs);
    }

    @Override
    public ZoneDomain narrow(ZoneDomain other) {
        if (bottom || other.bottom) {
            return BOTTOM;
        }
        String[] all = union(other);
        ZoneDomain b = other.closed();
        if (b.bottom) {
            return BOTTOM;
        }
        long[] x = mat.dense(all);
        long[] y = b.mat.dense(all);
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] == INF ? y[i] : x[i];
        }
        // This value's congruences hold for every state the result describes (it is below this).
        return closeDense(all, x, congruences).reduced();
    }

    /// Which of the `n` variables of the dense matrix `r` carry a constraint: a join drops
    /// the others, keeping the matrix small.
    private static boolean[] constrained(int n, long[] r) {
        int d = n + 1;
        boolean[] keep = new boolean[n];
        for (int i = 1; i < d; i++) {
            boolean any = false;
            for (int j = 0; j < d && !any; j++) {
                any = j != i && (r[i * d + j] != INF || r[j * d + i] != INF);
            }
            keep[i - 1] = any;
        }
        return keep;
    }

    /// The constraints of this value, one per line-able string, sorted: intervals first as
    /// `x=[lo, hi]`, then differences `x-y<=c` that the intervals do not already imply.
    public List<String> describe() {
        ZoneDomain z = closed();
        if (z.bottom) {
            return List.of("_|_");
        }
        List<String> out = new ArrayList<>();
        String[] names = z.mat.names();
        Interval[] intervals = new Interval[names.length];
        for (int i = 0; i < names.length; i++) {
            intervals[i] = z.intervalAt(z.mat.vertex(i + 1));
            if (!intervals[i].isTop()) {
                out.add(names[i] + "=" + intervals[i]);
            }
        }
        for (int i = 0; i < names.length; i++) {
            for (int j = 0; j < names.length; j++) {
                long v = z.at(z.mat.vertex(i + 1), z.mat.vertex(j + 1));
                if (i == j || v == INF) {
                    continue;
                }
                Bound lo = intervals[j].lo();
                Bound implied = intervals[i].hi().minus(lo.isMinusInfinity() ? Bound.MINUS_INF : lo);
                if (implied.compareTo(Bound.of(v)) > 0) {
                    out.add(names[i] + "-" + names[j] + "<=" + v);
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

    /// [#describe], then the congruences (`x≡r mod m`).
    @Override
    public String toString() {
        List<String> out = new ArrayList<>(describe());
        if (!bottom) {
            new TreeMap<>(congruences).forEach((x, c) -> out.add(x + c));
        }
        return String.join(", ", out);
    }
}
