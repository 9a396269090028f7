package io.splitbpf.verifier.domain.num;

import java.util.Optional;

/// An interval of mathematical integers with ±∞ bounds; bottom is the canonical empty
/// interval (`lo = +∞, hi = -∞`).
///
/// Arithmetic is exact over the integers (a finite result that leaves 64 bits becomes an
/// infinite bound). Machine semantics are applied separately: [#wrapSigned(int)] and
/// [#wrapUnsigned(int)] return the interval when it fits the `bits`-wide range and the
/// whole range otherwise, which is how wrap-around goes to top.
///
/// Unsigned 64-bit values above [Long#MAX_VALUE] have no finite bound here: an unsigned
/// 64-bit view that may exceed it has the upper bound `+∞` (and a lower bound of at most
/// [Long#MAX_VALUE]). That loses precision for huge unsigned values, never soundness.
///
/// @param lo the lower bound
/// @param hi the upper bound
public record Interval(Bound lo, Bound hi) implements Lattice<Interval> {
    private static final Interval BOTTOM = new Interval(Bound.PLUS_INF, Bound.MINUS_INF);
    private static final Interval TOP = new Interval(Bound.MINUS_INF, Bound.PLUS_INF);

    public Interval {
        if (lo.compareTo(hi) > 0 || lo.isPlusInfinity() || hi.isMinusInfinity()) {
            lo = Bound.PLUS_INF;
            hi = Bound.MINUS_INF;
        }
    }

    public static Interval top() {
        return TOP;
    }

    public static Interval bottom() {
        return BOTTOM;
    }

    public static Interval of(long value) {
        return new Interval(Bound.of(value), Bound.of(value));
    }

    public static Interval of(long lo, long hi) {
        return new Interval(Bound.of(lo), Bound.of(hi));
    }

    /// The interval `[lo, hi]` as computed by arithmetic: a lower bound that overflowed to
    /// `+∞` is clamped to [Long#MAX_VALUE] and an upper bound that overflowed to `-∞` to
    /// [Long#MIN_VALUE], so that an overflow never makes a non-empty result empty.
    public static Interval of(Bound lo, Bound hi) {
        Bound l = lo.isPlusInfinity() ? Bound.of(Long.MAX_VALUE) : lo;
        Bound h = hi.isMinusInfinity() ? Bound.of(Long.MIN_VALUE) : hi;
        return new Interval(l, h);
    }

    /// `[-2^(bits-1), 2^(bits-1) - 1]`, for 1 ≤ bits ≤ 64.
    public static Interval signedRange(int bits) {
        checkBits(bits);
        return bits == 64 ? of(Long.MIN_VALUE, Long.MAX_VALUE) : of(-(1L << (bits - 1)), (1L << (bits - 1)) - 1);
    }

    /// `[0, 2^bits - 1]`; for 64 bits `[0, +∞]` (see the class comment).
    public static Interval unsignedRange(int bits) {
        checkBits(bits);
        return bits == 64 ? new Interval(Bound.ZERO, Bound.PLUS_INF) : of(0, bits == 63 ? Long.MAX_VALUE : (1L << bits) - 1);
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("bit width " + bits + " is not in [1, 64]");
        }
    }

    @Override
    public boolean isBottom() {
        return lo.isPlusInfinity();
    }

    @Override
    public boolean isTop() {
        return lo.isMinusInfinity() && hi.isPlusInfinity();
    }

    public boolean contains(long v) {
        return !isBottom() && lo.compareTo(Bound.of(v)) <= 0 && hi.compareTo(Bound.of(v)) >= 0;
    }

    /// The single value when this interval has exactly one.
    public Optional<Long> singleton() {
        return lo.isFinite() && lo.equals(hi) ? Optional.of(lo.value()) : Optional.empty();
    }

    @Override
    public boolean leq(Interval o) {
        return isBottom() || (!o.isBottom() && o.lo.compareTo(lo) <= 0 && hi.compareTo(o.hi) <= 0);
    }

    @Override
    public Interval join(Interval o) {
        if (isBottom()) {
            return o;
        }
        if (o.isBottom()) {
            return this;
        }
        return new Interval(Bound.min(lo, o.lo), Bound.max(hi, o.hi));
    }

    @Override
    public Interval meet(Interval o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        return new Interval(Bound.max(lo, o.lo), Bound.min(hi, o.hi));
    }

    @Override
    public Interval widen(Interval o) {
        return widen(o, Thresholds.NONE);
    }

    /// Widening with thresholds: a bound that grows jumps to the next threshold beyond it,
    /// then to infinity.
    public Interval widen(Interval o, Thresholds thresholds) {
        if (isBottom()) {
            return o;
        }
        if (o.isBottom()) {
            return this;
        }
        Bound l = o.lo.compareTo(lo) < 0 ? thresholds.below(o.lo) : lo;
        Bound h = o.hi.compareTo(hi) > 0 ? thresholds.above(o.hi) : hi;
        return new Interval(l, h);
    }

    @Override
    public Interval narrow(Interval o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        return new Interval(lo.isMinusInfinity() ? o.lo : lo, hi.isPlusInfinity() ? o.hi : hi);
    }

    public Interval add(Interval o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        if ((lo.isMinusInfinity() && o.hi.isPlusInfinity()) || (hi.isPlusInfinity() && o.lo.isMinusInfinity())) {
            return TOP;
        }
        Bound l = lo.isMinusInfinity() || o.lo.isMinusInfinity() ? Bound.MINUS_INF : lo.plus(o.lo);
        Bound h = hi.isPlusInfinity() || o.hi.isPlusInfinity() ? Bound.PLUS_INF : hi.plus(o.hi);
        return of(l, h);
    }

    public Interval negate() {
        return isBottom() ? BOTTOM : of(hi.negate(), lo.negate());
    }

    public Interval sub(Interval o) {
        return add(o.negate());
    }

    public Interval mul(Interval o) {
        if (isBottom() || o.isBottom()) {
            return BOTTOM;
        }
        Bound a = lo.times(o.lo);
        Bound b = lo.times(o.hi);
        Bound c = hi.times(o.lo);
        Bound d = hi.times(o.hi);
        return of(Bound.min(Bound.min(a, b), Bound.min(c, d)), Bound.max(Bound.max(a, b), Bound.max(c, d)));
    }

    /// This interval when it lies in the signed `bits`-wide range, else that whole range.
    public Interval wrapSigned(int bits) {
        Interval range = signedRange(bits);
        return leq(range) ? this : range;
    }

    /// This interval when it lies in the unsigned `bits`-wide range, else that whole range.
    public Interval wrapUnsigned(int bits) {
        Interval range = unsignedRange(bits);
        return leq(range) ? this : range;
    }

    /// Whether every value is at least zero.
    public boolean isNonNegative() {
        return !isBottom() && lo.signum() >= 0;
    }

    @Override
    public String toString() {
        if (isBottom()) {
            return "_|_";
        }
        return lo.equals(hi) ? lo.toString() : "[" + lo + ", " + hi + "]";
    }

    // Written out rather than generated, as Bound's are (see there).
    @Override
    public boolean equals(Object o) {
        return o instanceof Interval i && lo.equals(i.lo) && hi.equals(i.hi);
    }

    @Override
    public int hashCode() {
        return lo.hashCode() * 31 + hi.hashCode();
    }
}
