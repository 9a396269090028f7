package io.splitbpf.verifier.domain.num;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/// Soundness of the ALU transfers: for random intervals and random concrete members, the
/// concrete result (the ISA's semantics, computed here independently) lies in the abstract
/// result, in both views. Seeded, so the run is reproducible.
class MachineArithmeticTest {
    private interface Op {
        Scalar apply(Scalar a, Scalar b, boolean is64);
    }

    private static final long[] EDGES = {0, 1, -1, 2, 31, 32, 63, 64, 255, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE,
            0xffff_ffffL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};

    private static long pick(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> EDGES[r.nextInt(EDGES.length)];
            case 1 -> r.nextInt(200) - 100;
            case 2 -> r.nextInt();
            default -> r.nextLong();
        };
    }

    private static void sound(String name, Op abstractOp, LongBinaryOperator op64, LongBinaryOperator op32) {
        Random r = new Random(name.hashCode());
        for (int i = 0; i < 4000; i++) {
            boolean is64 = r.nextBoolean();
            long a1 = pick(r), a2 = r.nextBoolean() ? a1 : pick(r);
            long b1 = pick(r), b2 = r.nextBoolean() ? b1 : pick(r);
            Interval ia = Interval.of(Math.min(a1, a2), Math.max(a1, a2));
            Interval ib = Interval.of(Math.min(b1, b2), Math.max(b1, b2));
            long x = r.nextBoolean() ? ia.lo().value() : ia.hi().value();
            long y = r.nextBoolean() ? ib.lo().value() : ib.hi().value();
            Scalar result = abstractOp.apply(Scalar.ofSigned(ia), Scalar.ofSigned(ib), is64);
            long concrete = is64 ? op64.applyAsLong(x, y) : op32.applyAsLong(x, y) & 0xffff_ffffL;
            assertTrue(result.svalue().contains(concrete), () -> name + (is64 ? "64" : "32") + " " + ia + " " + ib
                    + " at " + x + ", " + y + " = " + concrete + " not in " + result);
            assertTrue(concrete >= 0 ? result.uvalue().contains(concrete) : result.uvalue().hi().isPlusInfinity(),
                    () -> name + " unsigned view " + result + " misses " + concrete);
        }
    }

    private static int i32(long v) {
        return (int) v;
    }

    @Test
    void arithmetic() {
        sound("add", MachineArithmetic::add, Long::sum, (x, y) -> i32(x) + i32(y));
        sound("sub", MachineArithmetic::sub, (x, y) -> x - y, (x, y) -> i32(x) - i32(y));
        sound("mul", MachineArithmetic::mul, (x, y) -> x * y, (x, y) -> i32(x) * i32(y));
        sound("neg", (a, b, w) -> MachineArithmetic.neg(a, w), (x, y) -> -x, (x, y) -> -i32(x));
    }

    @Test
    void divisionFollowsTheIsa() {
        sound("udiv", MachineArithmetic::udiv, (x, y) -> y == 0 ? 0 : Long.divideUnsigned(x, y),
                (x, y) -> i32(y) == 0 ? 0 : Integer.divideUnsigned(i32(x), i32(y)));
        sound("umod", MachineArithmetic::umod, (x, y) -> y == 0 ? x : Long.remainderUnsigned(x, y),
                (x, y) -> i32(y) == 0 ? i32(x) : Integer.remainderUnsigned(i32(x), i32(y)));
        sound("sdiv", MachineArithmetic::sdiv, (x, y) -> y == 0 ? 0 : (y == -1 ? -x : x / y),
                (x, y) -> i32(y) == 0 ? 0 : (i32(y) == -1 ? -i32(x) : i32(x) / i32(y)));
        sound("smod", MachineArithmetic::smod, (x, y) -> y == 0 ? x : (y == -1 ? 0 : x % y),
                (x, y) -> i32(y) == 0 ? i32(x) : (i32(y) == -1 ? 0 : i32(x) % i32(y)));
    }

    @Test
    void bitwiseAndShifts() {
        sound("and", MachineArithmetic::and, (x, y) -> x & y, (x, y) -> i32(x) & i32(y));
        sound("or", MachineArithmetic::or, (x, y) -> x | y, (x, y) -> i32(x) | i32(y));
        sound("xor", MachineArithmetic::xor, (x, y) -> x ^ y, (x, y) -> i32(x) ^ i32(y));
        sound("lsh", MachineArithmetic::lsh, (x, y) -> x << (y & 63), (x, y) -> i32(x) << (y & 31));
        sound("rsh", MachineArithmetic::rsh, (x, y) -> x >>> (y & 63), (x, y) -> i32(x) >>> (y & 31));
        sound("arsh", MachineArithmetic::arsh, (x, y) -> x >> (y & 63), (x, y) -> i32(x) >> (y & 31));
    }

    @Test
    void signExtensionAndTruncation() {
        sound("sx8", (a, b, w) -> MachineArithmetic.signExtend(a, 8, w), (x, y) -> (byte) x, (x, y) -> (byte) x);
        sound("sx16", (a, b, w) -> MachineArithmetic.signExtend(a, 16, w), (x, y) -> (short) x, (x, y) -> (short) x);
        sound("sx32", (a, b, w) -> MachineArithmetic.signExtend(a, 32, w), (x, y) -> (int) x, (x, y) -> (int) x);
        sound("trunc16", (a, b, w) -> MachineArithmetic.truncate(a, 16), (x, y) -> x & 0xffff, (x, y) -> x & 0xffff);
        sound("trunc8", (a, b, w) -> MachineArithmetic.truncate(a, 8), (x, y) -> x & 0xff, (x, y) -> x & 0xff);
        sound("trunc32", (a, b, w) -> MachineArithmetic.truncate(a, 32), (x, y) -> x & 0xffff_ffffL,
                (x, y) -> x & 0xffff_ffffL);
    }

    @Test
    void exactWhereNothingWraps() {
        Scalar r = MachineArithmetic.add(Scalar.ofSigned(Interval.of(2147483645, 2147483647)), Scalar.of(4), true);
        assertEquals(Interval.of(2147483649L, 2147483651L), r.svalue());
        assertTrue(r.viewsEqual());
        assertEquals(Interval.of(0, 255), MachineArithmetic.and(Scalar.top(), Scalar.of(255), true).svalue());
        assertEquals(Interval.of(0, 15), MachineArithmetic.rsh(Scalar.ofUnsigned(Interval.of(0, 255)), Scalar.of(4), true).uvalue());
        assertEquals(Interval.of(-1, -1), MachineArithmetic.signExtend(Scalar.of(255), 8, true).svalue());
    }

    @Test
    void zoneHashAgreesWithEquality() {
        ZoneDomain a = ZoneDomain.top().assign("x", Interval.of(1, 5)).assign("y", "x", 2);
        ZoneDomain b = ZoneDomain.top().assign("y", Interval.of(3, 7)).assign("x", "y", -2).assign("z", Interval.top());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }
}
