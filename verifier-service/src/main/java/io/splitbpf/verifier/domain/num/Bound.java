package io.splitbpf.verifier.domain.num;

/// An integer bound: a 64-bit value, or minus or plus infinity.
///
/// Arithmetic on bounds saturates: a finite result that does not fit in 64 bits becomes the
/// infinity in the direction of the overflow. That is sound for an upper bound; callers that
/// compute a lower bound must clamp a positive overflow back to [Long#MAX_VALUE] (see
/// [Interval#of(Bound, Bound)]).
///
/// @param value the value when finite, 0 otherwise
/// @param infinity -1 for minus infinity, +1 for plus infinity, 0 for a finite bound
public record Bound(long value, int infinity) implements Comparable<Bound> {
    /// Minus infinity.
    public static final Bound MINUS_INF = new Bound(0, -1);
    /// Plus infinity.
    public static final Bound PLUS_INF = new Bound(0, 1);
    /// Zero.
    public static final Bound ZERO = new Bound(0, 0);

    public Bound {
        if (infinity < -1 || infinity > 1) {
            throw new IllegalArgumentException("infinity must be -1, 0 or 1");
        }
        if (infinity != 0 && value != 0) {
            throw new IllegalArgumentException("an infinite bound has no value");
        }
    }

    /// Bounds of small values, made as they are first asked for: the analysis asks for the same
    /// offsets and sizes over and over. (Bounds are compared with `equals`, never by identity;
    /// their final fields make the racy cache safe.)
    private static final int CACHE_LOW = -1024;
    private static final Bound[] CACHE = new Bound[8192 - CACHE_LOW];

    /// A finite bound.
    public static Bound of(long value) {
        if (value < CACHE_LOW || value >= CACHE_LOW + CACHE.length) {
            return new Bound(value, 0);
        }
        int i = (int) value - CACHE_LOW;
        Bound b = CACHE[i];
        if (b == null) {
            b = new Bound(value, 0);
            CACHE[i] = b;
        }
        return b;
    }

    public boolean isFinite() {
        return infinity == 0;
    }

    public boolean isPlusInfinity() {
        return infinity > 0;
    }

    public boolean isMinusInfinity() {
        return infinity < 0;
    }

    /// The sum; `+∞ + -∞` is a programming error.
    public Bound plus(Bound other) {
        if (infinity != 0 || other.infinity != 0) {
            if (infinity * other.infinity < 0) {
                throw new IllegalArgumentException("sum of opposite infinities");
            }
            return infinity != 0 ? this : other;
        }
        long r = value + other.value;
        if (((value ^ r) & (other.value ^ r)) < 0) {
            return value > 0 ? PLUS_INF : MINUS_INF;
        }
        return of(r);
    }

    public Bound negate() {
        if (infinity != 0) {
            return infinity > 0 ? MINUS_INF : PLUS_INF;
        }
        return value == Long.MIN_VALUE ? PLUS_INF : of(-value);
    }

    public Bound minus(Bound other) {
        return plus(other.negate());
    }

    /// The product, with `0 × ±∞ = 0`.
    public Bound times(Bound other) {
        int sign = signum() * other.signum();
        if (sign == 0) {
            return ZERO;
        }
        if (infinity != 0 || other.infinity != 0) {
            return sign > 0 ? PLUS_INF : MINUS_INF;
        }
        long hi = Math.multiplyHigh(value, other.value);
        long lo = value * other.value;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return of(lo);
        }
        return sign > 0 ? PLUS_INF : MINUS_INF;
    }

    /// -1, 0 or 1.
    public int signum() {
        return infinity != 0 ? infinity : Long.signum(value);
    }

    public static Bound min(Bound a, Bound b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static Bound max(Bound a, Bound b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Bound o) {
        if (infinity != o.infinity) {
            return Integer.compare(infinity, o.infinity);
        }
        return infinity != 0 ? 0 : Long.compare(value, o.value);
    }

    /// `+oo`, `-oo` or the decimal value (PREVAIL's notation).
    @Override
    public String toString() {
        return switch (infinity) {
            case 1 -> "+oo";
            case -1 -> "-oo";
            default -> Long.toString(value);
        };
    }

    // Written out rather than generated: a record's generated equals and hashCode link a chain of
    // method handles at their first call, which costs a fresh JVM (a one-shot `ebpf verify`)
    // about a millisecond per record class; these are called in every verification.
    @Override
    public boolean equals(Object o) {
        return o instanceof Bound b && value == b.value && infinity == b.infinity;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value) * 31 + infinity;
    }
}
