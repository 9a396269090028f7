package io.splitbpf.verifier.domain.num;

/// A congruence `x ≡ residue (mod 2^bits)` of an integer: the low `bits` bits of `x` (in two's
/// complement) are those of `residue`. `bits = 0` is top (no knowledge); there is no bottom
/// value, as a contradiction between congruences makes the whole state bottom (see
/// [ZoneDomain#withCongruence]).
///
/// Why powers of two only, and why at most [#MAX_BITS] bits: the congruences a verifier needs
/// come from strides, shifts and masks, which are powers of two (a stride of 12 gives 4). A
/// power-of-two modulus up to 2^64 divides 2^64, so a congruence of a machine word holds
/// whichever way the word is read (the signed and unsigned views differ by a multiple of 2^64)
/// and survives every wrap-around of 64-bit arithmetic; one of at most 2^32 survives 32-bit
/// truncation too. A general modulus `m` would not (2^64 mod 3 ≠ 0), so every transfer would
/// have to prove that nothing wraps. The lattice has finite height (`bits` only goes down
/// under [#join]), so widening is join. Capping at 2^62 keeps the rounding distances of
/// [#round] below 2^62, so bounds arithmetic cannot overflow unnoticed; a constant is known
/// exactly from its interval anyway.
///
/// @param bits the number of known low bits, in `[0, MAX_BITS]`
/// @param residue the known low bits, in `[0, 2^bits)`
public record Congruence(int bits, long residue) {
    /// The largest number of known low bits kept.
    public static final int MAX_BITS = 62;
    private static final Congruence TOP = new Congruence(0, 0);

    public Congruence {
        if (bits < 0 || bits > MAX_BITS) {
            throw new IllegalArgumentException("congruence modulus 2^" + bits + " is not in [2^0, 2^" + MAX_BITS + "]");
        }
        residue &= mask(bits);
    }

    public static Congruence top() {
        return TOP;
    }

    /// What a known value `v` says: its low [#MAX_BITS] bits.
    public static Congruence of(long v) {
        return new Congruence(MAX_BITS, v);
    }

    /// `x ≡ residue (mod 2^bits)`, with `bits` above [#MAX_BITS] capped to it (knowing fewer
    /// low bits is sound).
    public static Congruence capped(int bits, long residue) {
        return new Congruence(Math.min(bits, MAX_BITS), residue);
    }

    private static long mask(int bits) {
        return (1L << bits) - 1;
    }

    public boolean isTop() {
        return bits == 0;
    }

    /// The modulus `2^bits`.
    public long modulus() {
        return 1L << bits;
    }

    public boolean contains(long v) {
        return ((v - residue) & mask(bits)) == 0;
    }

    /// Whether every integer this allows `other` allows too.
    public boolean leq(Congruence other) {
        return bits >= other.bits && other.contains(residue);
    }

    /// The finest congruence both allow: the low bits they share.
    public Congruence join(Congruence other) {
        int k = Math.min(Math.min(bits, other.bits), Long.numberOfTrailingZeros(residue ^ other.residue));
        return new Congruence(k, residue);
    }

    /// The finer of the two when they agree on their common bits; otherwise no integer satisfies
    /// both, and the result is null (the caller's state is bottom).
    public Congruence meetOrNull(Congruence other) {
        if (leq(other)) {
            return this;
        }
        return other.leq(this) ? other : null;
    }

    /// `x + c`: the residue moves, the modulus stays (exact for integers and modulo 2^64).
    public Congruence plus(long c) {
        return new Congruence(bits, residue + c);
    }

    /// `x + y` for `y` in `other`: known to the coarser of the two moduli.
    public Congruence plus(Congruence other) {
        return new Congruence(Math.min(bits, other.bits), residue + other.residue);
    }

    /// `x * c`: with `c = 2^t · odd`, `(r + q·2^bits)·c ≡ r·c (mod 2^(bits + t))`; for `c = 0`
    /// the product is 0.
    public Congruence times(long c) {
        if (c == 0) {
            return of(0);
        }
        return capped(bits + Long.numberOfTrailingZeros(c), residue * c);
    }

    /// `x & m`: the low `bits` bits are `residue & m`, and the bits below `m`'s lowest set bit
    /// are zero whatever `x` is.
    public Congruence and(long m) {
        if (m == 0) {
            return of(0);
        }
        int k = Math.max(bits, Long.numberOfTrailingZeros(m));
        return capped(k, residue & m);
    }

    /// This congruence for a result kept to its low `width` bits (a 32-bit operation's,
    /// zero-extended): only bits below `width` are known.
    public Congruence truncated(int width) {
        return bits <= width ? this : new Congruence(width, residue);
    }

    /// `i` with its finite bounds moved inward to the nearest integers this allows (lower bound
    /// up, upper bound down); bottom when none is left. A bound whose rounding would leave the
    /// 64-bit range means no value lies beyond it: the interval is then empty unless its other
    /// side is infinite, in which case the bound is kept as it was.
    public Interval round(Interval i) {
        if (bits == 0 || i.isBottom()) {
            return i;
        }
        long m = mask(bits);
        Bound lo = i.lo();
        Bound hi = i.hi();
        if (lo.isFinite()) {
            long up = (residue - lo.value()) & m;
            if (lo.value() > Long.MAX_VALUE - up) {
                if (hi.isFinite()) {
                    return Interval.bottom();
                }
            } else {
                lo = Bound.of(lo.value() + up);
            }
        }
        if (hi.isFinite()) {
            long down = (hi.value() - residue) & m;
            if (hi.value() < Long.MIN_VALUE + down) {
                if (i.lo().isFinite()) {
                    return Interval.bottom();
                }
            } else {
                hi = Bound.of(hi.value() - down);
            }
        }
        return new Interval(lo, hi);
    }

    /// `≡r mod m`, or `T` for top.
    @Override
    public String toString() {
        return bits == 0 ? "T" : "≡" + residue + " mod " + Long.toUnsignedString(modulus());
    }

    // Written out rather than generated, as Bound's are (see there).
    @Override
    public boolean equals(Object o) {
        return o instanceof Congruence c && bits == c.bits && residue == c.residue;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(residue) * 67 + bits;
    }
}
