package io.splitbpf.verifier.domain.num;

import java.util.Optional;
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

    /// Signed division, truncating toward zero: a known divisor or one of constant sign
    /// bounds the quotient by the four corners (`x / 0 = 0`; `MIN / -1` wraps to `MIN`);
    /// otherwise `|x / y| <= |x|`.
    public static Scalar sdiv(Scalar a, Scalar b, boolean is64) {
        Interval x = signed(a, is64);
        Interval y = signed(b, is64);
        Interval width = is64 ? Scalar.S64 : Scalar.S32;
        long min = width.lo().value();
        if (y.singleton().filter(d -> d == 0).isPresent()) {
            return fromSigned(Interval.of(0), is64);
        }
        boolean wraps = x.contains(min) && y.contains(-1);
        if (!y.contains(0) && !wraps && finite(x) && finite(y)) {
            long[] q = {x.lo().value() / y.lo().value(), x.lo().value() / y.hi().value(),
                    x.hi().value() / y.lo().value(), x.hi().value() / y.hi().value()};
            return fromSigned(Interval.of(Math.min(Math.min(q[0], q[1]), Math.min(q[2], q[3])),
                    Math.max(Math.max(q[0], q[1]), Math.max(q[2], q[3]))), is64);
        }
        Bound m = magnitude(x);
        Interval r = m.isFinite() ? new Interval(m.negate(), m) : width;
        return fromSigned(r.join(Interval.of(0)), is64);
    }

    /// Signed modulo: the sign of the dividend, magnitude below the divisor's and at most the
    /// dividend's; a dividend smaller in magnitude than every divisor is the result;
    /// `x % 0 = x`.
    public static Scalar smod(Scalar a, Scalar b, boolean is64) {
        Interval x = signed(a, is64);
        Interval y = signed(b, is64);
        Interval width = is64 ? Scalar.S64 : Scalar.S32;
        if (y.singleton().filter(d -> d == 0).isPresent()) {
            return fromSigned(x, is64);
        }
        if (x.singleton().isPresent() && y.singleton().isPresent()) {
            long d = y.singleton().get();
            return fromSigned(Interval.of(d == -1 ? 0 : x.singleton().get() % d), is64);
        }
        if (!finite(x) || !finite(y) || y.lo().value() == Long.MIN_VALUE) {
            return fromSigned(width, is64);
        }
        Bound least = y.contains(0) ? Bound.ZERO : Bound.min(abs(y.lo()), abs(y.hi()));
        Bound most = Bound.max(abs(y.lo()), abs(y.hi()));
        Bound xMag = magnitude(x);
        Interval r;
        if (!y.contains(0) && xMag.isFinite() && xMag.compareTo(least) < 0) {
            r = x;
        } else {
            Bound m = Bound.min(xMag, most.minus(Bound.of(1)));
            Bound lo = x.lo().signum() < 0 ? m.negate() : Bound.ZERO;
            Bound hi = x.hi().signum() > 0 ? m : Bound.ZERO;
            r = new Interval(lo, hi);
        }
        return fromSigned(y.contains(0) ? r.join(x) : r, is64);
    }

    private static Bound abs(Bound b) {
        return b.signum() < 0 ? b.negate() : b;
    }

    private static boolean finite(Interval i) {
        return i.lo().isFinite() && i.hi().isFinite();
    }

    private static Bound magnitude(Interval x) {
        if (!x.lo().isFinite() || !x.hi().isFinite() || x.lo().value() == Long.MIN_VALUE) {
            return Bound.PLUS_INF;
        }
        return Bound.max(x.lo().negate(), x.hi());
    }

    /// A bitwise operation on two known words, computed exactly.
    private static Optional<Scalar> exactBitwise(Scalar a, Scalar b, boolean is64, java.util.function.LongBinaryOperator op) {
        Optional<Long> x = is64 ? a.singleton() : a.low32Unsigned().singleton();
        Optional<Long> y = is64 ? b.singleton() : b.low32Unsigned().singleton();
        if (x.isEmpty() || y.isEmpty()) {
            return Optional.empty();
        }
        long r = op.applyAsLong(x.get(), y.get());
        return Optional.of(Scalar.of(is64 ? r : r & 0xffff_ffffL));
    }

    /// `&`: at most the smaller non-negative operand.
    public static Scalar and(Scalar a, Scalar b, boolean is64) {
        Optional<Scalar> exact = exactBitwise(a, b, is64, (x, y) -> x & y);
        if (exact.isPresent()) {
            return exact.get();
        }
        Interval x = unsigned(a, is64);
        Interval y = unsigned(b, is64);
        Bound hi = Bound.min(x.hi(), y.hi());
        return fromUnsigned(new Interval(Bound.ZERO, hi), is64);
    }

    /// `|` and `^`: below the next power of two of the larger operand (`|` also at least the
    /// larger lower bound).
    public static Scalar or(Scalar a, Scalar b, boolean is64) {
        Optional<Scalar> exact = exactBitwise(a, b, is64, (x, y) -> x | y);
        if (exact.isPresent()) {
            return exact.get();
        }
        Interval x = unsigned(a, is64);
        Interval y = unsigned(b, is64);
        Interval r = bitwiseRange(x, y);
        return fromUnsigned(new Interval(Bound.max(x.lo(), y.lo()), r.hi()), is64);
    }

    public static Scalar xor(Scalar a, Scalar b, boolean is64) {
        Optional<Scalar> exact = exactBitwise(a, b, is64, (x, y) -> x ^ y);
        if (exact.isPresent()) {
            return exact.get();
        }
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

    /// `<<` by `b` (masked to the width): exact for a known value and amount, and for an
    /// interval whose bounds wrap the same number of times; otherwise a multiple of `2^k` in
    /// the width's unsigned range.
    public static Scalar lsh(Scalar a, Scalar b, boolean is64) {
        Interval k = shiftAmount(b, is64);
        Optional<Scalar> exact = exactShift(a, k, is64, (x, c) -> x << c, (x, c) -> x << c);
        if (exact.isPresent()) {
            return exact.get();
        }
        Interval x = unsigned(a, is64);
        if (k.singleton().isPresent() && x.hi().isFinite()) {
            int c = k.singleton().get().intValue();
            long lo = x.lo().value();
            long hi = x.hi().value();
            if (is64 && (hi == 0 || Long.numberOfLeadingZeros(hi) > c)) {
                return fromUnsigned(Interval.of(lo << c, hi << c), true);
            }
            if (!is64) {
                // Both bounds leave the same multiple of 2^32 behind: the low words are contiguous.
                if ((lo << c) >>> 32 == (hi << c) >>> 32) {
                    return fromUnsigned(Interval.of((lo << c) & 0xffff_ffffL, (hi << c) & 0xffff_ffffL), false);
                }
                return fromUnsigned(Interval.of(0, 0xffff_ffffL & -(1L << c)), false);
            }
        }
        return fromUnsigned(is64 ? Scalar.U64 : Scalar.U32, is64);
    }

    /// Logical `>>` by `b` (masked to the width).
    public static Scalar rsh(Scalar a, Scalar b, boolean is64) {
        Interval k = shiftAmount(b, is64);
        Optional<Scalar> exact = exactShift(a, k, is64, (x, c) -> x >>> c, (x, c) -> x >>> c);
        if (exact.isPresent()) {
            return exact.get();
        }
        Interval x = unsigned(a, is64);
        long kLo = k.lo().value();
        long kHi = k.hi().value();
        Bound hi = x.hi().isFinite() ? Bound.of(x.hi().value() >>> kLo)
                : (kLo == 0 ? Bound.PLUS_INF : Bound.of(-1L >>> kLo));
        Bound lo = x.lo().isFinite() && x.hi().isFinite() ? Bound.of(x.lo().value() >>> kHi) : Bound.ZERO;
        return fromUnsigned(new Interval(lo, hi), is64);
    }

    /// Arithmetic `>>` by `b` (masked to the width): monotone in the dividend.
    public static Scalar arsh(Scalar a, Scalar b, boolean is64) {
        Interval k = shiftAmount(b, is64);
        Optional<Scalar> exact = exactShift(a, k, is64, (x, c) -> x >> c, (x, c) -> x >> c);
        if (exact.isPresent()) {
            return exact.get();
        }
        Interval x = signed(a, is64);
        long kLo = k.lo().value();
        long kHi = k.hi().value();
        long lo = x.lo().value();
        long hi = x.hi().value();
        long rLo = Math.min(lo >> kLo, lo >> kHi);
        long rHi = Math.max(hi >> kLo, hi >> kHi);
        return fromSigned(Interval.of(rLo, rHi), is64);
    }

    /// A shift of one 64-bit word.
    private interface Shift64 {
        long apply(long x, int c);
    }

    /// A shift of one 32-bit word.
    private interface Shift32 {
        int apply(int x, int c);
    }

    /// The shift when it is exactly known: a shift by 0 leaves the value (a 32-bit one
    /// zero-extended), a known value shifted by a known amount is that word.
    private static Optional<Scalar> exactShift(Scalar a, Interval k, boolean is64, Shift64 op64, Shift32 op32) {
        if (k.singleton().isEmpty()) {
            return Optional.empty();
        }
        int c = k.singleton().get().intValue();
        if (is64) {
            return c == 0 ? Optional.of(a) : a.singleton().map(v -> Scalar.of(op64.apply(v, c)));
        }
        Interval low = a.low32Unsigned();
        if (c == 0) {
            return Optional.of(fromUnsigned(low, false));
        }
        return low.singleton().map(v -> Scalar.of(op32.apply((int) (long) v, c) & 0xffff_ffffL));
    }

    /// The shift amount's range, masked to the width as the ISA does.
    /// The least number of low bits that a left shift by `b` clears (0 when `b` may be 0).
    public static int lshClearedBits(Scalar b, boolean is64) {
        return (int) shiftAmount(b, is64).lo().value();
    }

    private static Interval shiftAmount(Scalar b, boolean is64) {
        int max = is64 ? 63 : 31;
        Interval u = b.low32Unsigned();
        if (u.singleton().isPresent()) {
            return Interval.of(u.singleton().get() & max);
        }
        return u.leq(Interval.of(0, max)) ? u : Interval.of(0, max);
    }

    /// The low `bits` bits sign-extended (`movsx`), to 64 bits, or to 32 then zero-extended.
    /// Sign extension is `((x + 2^(bits-1)) mod 2^bits) - 2^(bits-1)`: exact on an interval
    /// whose shifted bounds lie in one block of `2^bits` values.
    public static Scalar signExtend(Scalar a, int bits, boolean is64) {
        Interval range = Interval.signedRange(bits);
        Interval r = range;
        Interval x = a.svalue();
        long half = 1L << (bits - 1);
        if (x.leq(range)) {
            r = x;
        } else if (bits < 64 && x.lo().isFinite() && x.hi().isFinite()
                && x.lo().value() <= Long.MAX_VALUE - half && x.hi().value() <= Long.MAX_VALUE - half) {
            long block = 2 * half;
            long lo = x.lo().value() + half;
            long hi = x.hi().value() + half;
            if (Math.floorDiv(lo, block) == Math.floorDiv(hi, block)) {
                r = Interval.of(Math.floorMod(lo, block) - half, Math.floorMod(hi, block) - half);
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
        // The low bits are `x mod 2^bits`: exact when the bounds lie in one block of 2^bits.
        Interval x = a.svalue();
        long block = 1L << bits;
        if (x.lo().isFinite() && x.hi().isFinite()
                && Math.floorDiv(x.lo().value(), block) == Math.floorDiv(x.hi().value(), block)) {
            Interval low = Interval.of(Math.floorMod(x.lo().value(), block), Math.floorMod(x.hi().value(), block));
            return new Scalar(low, low);
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
