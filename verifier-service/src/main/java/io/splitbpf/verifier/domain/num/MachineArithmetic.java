package io.splitbpf.verifier.domain.num;

import java.util.function.BinaryOperator;

/// Interval transfers of the eBPF ALU on [Scalar]s, for 64-bit operations and for 32-bit
/// ones (computed on the low 32 bits, then zero-extended). Each result is a sound
/// over-approximation: where wrap-around, a zero divisor or an unknown shift amount could
/// make the exact result leave a view's interval, that view becomes its whole range.
///
/// Division and modulo follow the ISA: `x / 0 = 0`, `x % 0 = x`, and signed `MIN / -1`
/// wraps. Shift amounts are masked to the width, as the interpreter does.
public final class MachineArithmetic {
    private MachineArithmetic() {}

    public static Scalar add(Scalar a, Scalar b, boolean is64) {
        return exact(a, b, is64, Interval::add);
    }

    public static Scalar sub(Scalar a, Scalar b, boolean is64) {
        return exact(a, b, is64, Interval::sub);
    }

    public static Scalar mul(Scalar a, Scalar b, boolean is64) {
        return exact(a, b, is64, Interval::mul);
    }

    public static Scalar neg(Scalar a, boolean is64) {
        return sub(Scalar.of(0), a, is64);
    }

    /// An operation that is exact over the integers: computed on both views, then wrapped.
    private static Scalar exact(Scalar a, Scalar b, boolean is64, BinaryOperator<Interval> op) {
        if (is64) {
            Interval s = op.apply(a.svalue(), b.svalue());
            Interval u = a.uvalue().hi().isFinite() && b.uvalue().hi().isFinite()
                    ? op.apply(a.uvalue(), b.uvalue()) : Scalar.U64;
            return Scalar.wrap64(s, u);
        }
        return Scalar.zeroExtend32(op.apply(a.low32Unsigned(), b.low32Unsigned()),
                op.apply(a.low32Signed(), b.low32Signed()));
    }

    /// Unsigned division; a divisor that may be zero adds the result 0.
    public static Scalar udiv(Scalar a, Scalar b, boolean is64) {
        Interval x = unsigned(a, is64);
        Interval y = unsigned(b, is64);
        Interval q;
        if (y.hi().signum() == 0) {
            q = Interval.of(0);
        } else {
            Bound lo = y.hi().isFinite() && x.lo().isFinite() ? Bound.of(x.lo().value() / y.hi().value()) : Bound.ZERO;
            Bound hi = x.hi().isFinite() ? Bound.of(x.hi().value() / Math.max(1, y.lo().value())) : Bound.PLUS_INF;
            q = new Interval(y.contains(0) ? Bound.ZERO : lo, hi);
        }
        return fromUnsigned(q, is64);
    }

    /// Unsigned modulo: below the divisor and at most the dividend; `x % 0 = x`.
    public static Scalar umod(Scalar a, Scalar b, boolean is64) {
        Interval x = unsigned(a, is64);
        Interval y = unsigned(b, is64);
        Interval r;
        if (x.hi().isFinite() && y.lo().compareTo(x.hi()) > 0) {
            r = x;
        } else if (y.lo().signum() > 0 && y.hi().isFinite()) {
            r = new Interval(Bound.ZERO, Bound.min(x.hi(), Bound.of(y.hi().value() - 1)));
        } else {
            r = new Interval(Bound.ZERO, x.hi());
        }
        return fromUnsigned(r, is64);
    }

    /// Signed division: `|x / y| <= |x|`, except `MIN / -1`, which wraps to MIN itself.
    public static Scalar sdiv(Scalar a, Scalar b, boolean is64) {
        Interval x = signed(a, is64);
        Bound m = magnitude(x);
        Interval r = m.isFinite() ? new Interval(m.negate(), m) : (is64 ? Scalar.S64 : Scalar.S32);
        return fromSigned(r.join(Interval.of(0)), is64);
    }

    /// Signed modulo: the sign of the dividend, magnitude below the divisor's and at most the
    /// dividend's; `x % 0 = x`.
    public static Scalar smod(Scalar a, Scalar b, boolean is64) {
        Interval x = signed(a, is64);
        Interval y = signed(b, is64);
        Bound m = Bound.min(magnitude(x), magnitude(y));
        if (!m.isFinite()) {
            return fromSigned(is64 ? Scalar.S64 : Scalar.S32, is64);
        }
        Bound lo = x.lo().signum() < 0 ? m.negate() : Bound.ZERO;
        Bound hi = x.hi().signum() > 0 ? m : Bound.ZERO;
        Interval r = new Interval(lo, hi);
        return fromSigned(y.contains(0) ? r.join(x) : r, is64);
    }

    private static Bound magnitude(Interval x) {
        if (!x.lo().isFinite() || !x.hi().isFinite() || x.lo().value() == Long.MIN_VALUE) {
            return Bound.PLUS_INF;
        }
        return Bound.max(x.lo().negate(), x.hi());
    }

    /// `&`: at most the smaller non-negative operand.
    public static Scalar and(Scalar a, Scalar b, boolean is64) {
        Interval x = unsigned(a, is64);
        Interval y = unsigned(b, is64);
        Bound hi = Bound.min(x.hi(), y.hi());
        return fromUnsigned(new Interval(Bound.ZERO, hi), is64);
    }

    /// `|` and `^`: below the next power of two of the larger operand (`|` also at least the
    /// larger lower bound).
    public static Scalar or(Scalar a, Scalar b, boolean is64) {
        Interval x = unsigned(a, is64);
        Interval y = unsigned(b, is64);
        Interval r = bitwiseRange(x, y);
        return fromUnsigned(new Interval(Bound.max(x.lo(), y.lo()), r.hi()), is64);
    }

    public static Scalar xor(Scalar a, Scalar b, boolean is64) {
        return fromUnsigned(bitwiseRange(unsigned(a, is64), unsigned(b, is64)), is64);
    }

    private static Interval bitwiseRange(Interval x, Interval y) {
        Bound hi = Bound.max(x.hi(), y.hi());
        if (!hi.isFinite()) {
            return Scalar.U64;
        }
        long h = hi.value();
        long mask = h == 0 ? 0 : (Long.highestOneBit(h) << 1) - 1;
        return Interval.of(0, mask < 0 ? Long.MAX_VALUE : mask);
    }

    /// `<<` by `b` (masked to the width): exact when the shifted bounds cannot overflow.
    public static Scalar lsh(Scalar a, Scalar b, boolean is64) {
        Interval x = unsigned(a, is64);
        Interval k = shiftAmount(b, is64);
        int bits = is64 ? 63 : 32;
        if (k.singleton().isPresent() && x.hi().isFinite()) {
            int c = k.singleton().get().intValue();
            long hi = x.hi().value();
            if (c < bits && (hi == 0 || Long.numberOfLeadingZeros(hi) > (is64 ? c : c + 32))) {
                return fromUnsigned(Interval.of(x.lo().value() << c, hi << c), is64);
            }
        }
        return fromUnsigned(is64 ? Scalar.U64 : Scalar.U32, is64);
    }

    /// Logical `>>` by `b` (masked to the width).
    public static Scalar rsh(Scalar a, Scalar b, boolean is64) {
        Interval x = unsigned(a, is64);
        Interval k = shiftAmount(b, is64);
        long kLo = k.lo().value();
        long kHi = k.hi().value();
        Bound hi = x.hi().isFinite() ? Bound.of(x.hi().value() >>> kLo)
                : (kLo == 0 ? Bound.PLUS_INF : Bound.of(-1L >>> kLo));
        Bound lo = x.lo().isFinite() && x.hi().isFinite() ? Bound.of(x.lo().value() >>> kHi) : Bound.ZERO;
        return fromUnsigned(new Interval(lo, hi), is64);
    }

    /// Arithmetic `>>` by `b` (masked to the width): monotone in the dividend.
    public static Scalar arsh(Scalar a, Scalar b, boolean is64) {
        Interval x = signed(a, is64);
        Interval k = shiftAmount(b, is64);
        long kLo = k.lo().value();
        long kHi = k.hi().value();
        long lo = x.lo().value();
        long hi = x.hi().value();
        long rLo = Math.min(lo >> kLo, lo >> kHi);
        long rHi = Math.max(hi >> kLo, hi >> kHi);
        return fromSigned(Interval.of(rLo, rHi), is64);
    }

    private static Interval shiftAmount(Scalar b, boolean is64) {
        int max = is64 ? 63 : 31;
        Interval u = b.low32Unsigned();
        return u.leq(Interval.of(0, max)) ? u : Interval.of(0, max);
    }

    /// The low `bits` bits sign-extended (`movsx`), to 64 bits, or to 32 then zero-extended.
    public static Scalar signExtend(Scalar a, int bits, boolean is64) {
        Interval range = Interval.signedRange(bits);
        Interval r;
        if (a.svalue().leq(range)) {
            r = a.svalue();
        } else {
            Interval u = a.low32Unsigned();
            long half = 1L << (bits - 1);
            if (bits < 32 && u.leq(Interval.of(0, half - 1))) {
                r = u;
            } else if (bits < 32 && u.leq(Interval.of(half, 2 * half - 1))) {
                r = u.sub(Interval.of(2 * half));
            } else {
                r = bits == 32 ? a.low32Signed() : range;
            }
        }
        return fromSigned(r, is64);
    }

    /// The low `bits` bits, zero-extended (a narrow load, `le16`, a narrow store's value).
    public static Scalar truncate(Scalar a, int bits) {
        if (bits == 64) {
            return a;
        }
        Interval range = Interval.unsignedRange(bits);
        if (a.uvalue().leq(range)) {
            return a;
        }
        if (a.svalue().leq(range)) {
            return new Scalar(a.svalue(), a.svalue());
        }
        return Scalar.ofUnsigned(range);
    }

    private static Interval unsigned(Scalar a, boolean is64) {
        return is64 ? a.uvalue() : a.low32Unsigned();
    }

    private static Interval signed(Scalar a, boolean is64) {
        return is64 ? a.svalue() : a.low32Signed();
    }

    private static Scalar fromUnsigned(Interval u, boolean is64) {
        if (is64) {
            return Scalar.ofUnsigned(u.meet(Scalar.U64));
        }
        return Scalar.zeroExtend32(u.leq(Scalar.U32) ? u : Scalar.U32, Scalar.U32);
    }

    private static Scalar fromSigned(Interval s, boolean is64) {
        if (is64) {
            return Scalar.ofSigned(s.leq(Scalar.S64) ? s : Scalar.S64);
        }
        return Scalar.zeroExtend32(s, s);
    }
}
