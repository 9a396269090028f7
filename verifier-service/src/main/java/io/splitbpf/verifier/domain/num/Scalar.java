package io.splitbpf.verifier.domain.num;

import java.util.Optional;

/// A machine word's value seen two ways, as PREVAIL keeps it: its signed 64-bit view
/// `svalue` and its unsigned 64-bit view `uvalue`. Both are sound over-approximations of
/// the same concrete words; [#reconcile()] lets each view sharpen the other.
///
/// Unsigned values above [Long#MAX_VALUE] have no finite bound (see [Interval]): an
/// unsigned view that may exceed it has the upper bound `+∞`.
///
/// @param svalue the signed view, within the signed 64-bit range
/// @param uvalue the unsigned view, within `[0, +∞]`
public record Scalar(Interval svalue, Interval uvalue) {
    /// `[-2^63, 2^63 - 1]`.
    public static final Interval S64 = Interval.signedRange(64);
    /// `[0, +∞]`: every unsigned 64-bit value.
    public static final Interval U64 = Interval.unsignedRange(64);
    /// `[0, 2^32 - 1]`.
    public static final Interval U32 = Interval.unsignedRange(32);
    /// `[-2^31, 2^31 - 1]`.
    public static final Interval S32 = Interval.signedRange(32);
    private static final long TWO_32 = 1L << 32;

    public Scalar {
        svalue = svalue.meet(S64);
        uvalue = uvalue.meet(U64);
    }

    /// Any 64-bit word.
    public static Scalar top() {
        return new Scalar(S64, U64);
    }

    /// The word whose signed value is `v`.
    public static Scalar of(long v) {
        return new Scalar(Interval.of(v), unsignedOf(v));
    }

    /// A word known only to lie in the unsigned range `u` (for example a zero-extended load).
    public static Scalar ofUnsigned(Interval u) {
        return new Scalar(S64, u).reconcile();
    }

    /// A word known only to lie in the signed range `s`.
    public static Scalar ofSigned(Interval s) {
        return new Scalar(s, U64).reconcile();
    }

    /// The unsigned view of the signed value `v`: itself when non-negative, else a value at
    /// least 2^63 (bounded below by [Long#MAX_VALUE], see the class comment).
    public static Interval unsignedOf(long v) {
        return v >= 0 ? Interval.of(v) : new Interval(Bound.of(Long.MAX_VALUE), Bound.PLUS_INF);
    }

    public boolean isBottom() {
        return svalue.isBottom() || uvalue.isBottom();
    }

    /// Each view sharpened by the other: a non-negative signed view is the unsigned view, an
    /// unsigned view below 2^63 is the signed view; a negative signed view means an unsigned
    /// value of at least 2^63.
    public Scalar reconcile() {
        Interval s = svalue;
        Interval u = uvalue;
        Interval nonNeg = new Interval(Bound.ZERO, Bound.of(Long.MAX_VALUE));
        if (s.leq(nonNeg)) {
            u = u.meet(s);
        }
        if (u.leq(nonNeg)) {
            s = s.meet(u);
        }
        if (!s.isBottom() && s.hi().signum() < 0) {
            u = u.meet(new Interval(Bound.of(Long.MAX_VALUE), Bound.PLUS_INF));
        }
        if (s.isBottom() || u.isBottom()) {
            return new Scalar(Interval.bottom(), Interval.bottom());
        }
        return new Scalar(s, u);
    }

    /// Whether the two views describe the same numbers (both within `[0, 2^63)`).
    public boolean viewsEqual() {
        return !isBottom() && svalue.isNonNegative() && svalue.equals(uvalue);
    }

    /// The single value, when there is one.
    public Optional<Long> singleton() {
        return svalue.singleton();
    }

    /// The low 32 bits, as an unsigned 32-bit interval.
    public Interval low32Unsigned() {
        if (uvalue.leq(U32)) {
            return uvalue;
        }
        if (svalue.leq(U32)) {
            return svalue;
        }
        if (svalue.leq(Interval.of(-(1L << 31), -1))) {
            return svalue.add(Interval.of(TWO_32));
        }
        return U32;
    }

    /// The low 32 bits, as a signed 32-bit interval.
    public Interval low32Signed() {
        if (svalue.leq(S32)) {
            return svalue;
        }
        Interval u = low32Unsigned();
        if (u.leq(Interval.of(0, Integer.MAX_VALUE))) {
            return u;
        }
        if (u.leq(Interval.of(1L << 31, TWO_32 - 1))) {
            return u.sub(Interval.of(TWO_32));
        }
        return S32;
    }

    /// The word a 32-bit operation leaves: `r` (exact integers, from the unsigned 32-bit
    /// views) or, failing that, `signedAlternative` (from the signed 32-bit views), wrapped to
    /// 32 bits and zero-extended.
    public static Scalar zeroExtend32(Interval r, Interval signedAlternative) {
        Interval u;
        if (r.leq(U32)) {
            u = r;
        } else if (signedAlternative.leq(Interval.of(-(1L << 31), -1))) {
            u = signedAlternative.add(Interval.of(TWO_32));
        } else if (signedAlternative.leq(U32)) {
            u = signedAlternative;
        } else {
            u = U32;
        }
        return new Scalar(u, u);
    }

    /// The word a 64-bit operation leaves, from its exact signed and unsigned results: a view
    /// that may have wrapped becomes its whole range.
    public static Scalar wrap64(Interval exactSigned, Interval exactUnsigned) {
        Interval s = exactSigned.leq(S64) ? exactSigned : S64;
        Interval u = exactUnsigned.hi().isFinite() && exactUnsigned.isNonNegative() ? exactUnsigned : U64;
        return new Scalar(s, u).reconcile();
    }

    /// The unsigned view when every bound is finite (no value at or above 2^63 possible).
    public Optional<Interval> finiteUnsigned() {
        return uvalue.hi().isFinite() ? Optional.of(uvalue) : Optional.empty();
    }

    @Override
    public String toString() {
        return "s=" + svalue + ", u=" + uvalue;
    }

    // Written out rather than generated, as Bound's are (see there).
    @Override
    public boolean equals(Object o) {
        return o instanceof Scalar s && svalue.equals(s.svalue) && uvalue.equals(s.uvalue);
    }

    @Override
    public int hashCode() {
        return svalue.hashCode() * 31 + uvalue.hashCode();
    }
}
