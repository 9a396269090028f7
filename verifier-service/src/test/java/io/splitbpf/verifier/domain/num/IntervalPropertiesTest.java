package io.splitbpf.verifier.domain.num;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/// Lattice laws and soundness of the interval transfer functions.
class IntervalPropertiesTest {
    @Provide
    Arbitrary<Interval> intervals() {
        Arbitrary<Long> ends = Arbitraries.oneOf(
                Arbitraries.longs().between(-20, 20),
                Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
        Arbitrary<Interval> finite = Combinators.combine(ends, ends).as((a, b) -> Interval.of(Math.min(a, b), Math.max(a, b)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, finite),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Interval.top(), Interval.bottom(),
                        Interval.unsignedRange(64), Interval.of(Bound.MINUS_INF, Bound.of(3)))));
    }

    @Provide
    Arbitrary<Long> smallLongs() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-40, 40), Arbitraries.longs());
    }

    @Property
    void joinIsAnUpperBound(@ForAll("intervals") Interval a, @ForAll("intervals") Interval b) {
        Interval j = a.join(b);
        assertTrue(a.leq(j) && b.leq(j));
        assertEquals(j, b.join(a));
    }

    @Property
    void meetIsALowerBound(@ForAll("intervals") Interval a, @ForAll("intervals") Interval b) {
        Interval m = a.meet(b);
        assertTrue(m.leq(a) && m.leq(b));
        assertEquals(m, b.meet(a));
    }

    @Property
    void joinAndMeetAreIdempotentAndAbsorbing(@ForAll("intervals") Interval a, @ForAll("intervals") Interval b) {
        assertEquals(a, a.join(a));
        assertEquals(a, a.meet(a));
        assertEquals(a, a.join(a.meet(b)));
    }

    @Property
    void widenIsAnUpperBoundAndNarrowStaysBetween(@ForAll("intervals") Interval a, @ForAll("intervals") Interval b) {
        Interval w = a.widen(b, Thresholds.of(-1, 0, 255, Integer.MAX_VALUE));
        assertTrue(a.leq(w) && b.leq(w));
        if (b.leq(a)) {
            Interval n = a.narrow(b);
            assertTrue(b.leq(n) && n.leq(a), a + " narrow " + b + " = " + n);
        }
    }

    @Property
    void wideningChainsStabilise(@ForAll("intervals") Interval a, @ForAll("smallLongs") long step) {
        Interval x = a;
        for (int i = 0; i < 4; i++) {
            x = x.widen(x.join(x.add(Interval.of(step))), Thresholds.of(100));
        }
        assertEquals(x, x.widen(x.join(x.add(Interval.of(step))), Thresholds.of(100)));
    }

    @Property
    void arithmeticIsSound(@ForAll("smallLongs") long x, @ForAll("smallLongs") long y,
                           @ForAll("smallLongs") long dx, @ForAll("smallLongs") long dy) {
        Interval a = Interval.of(Math.min(x, x + Math.abs(dx % 7)), Math.max(x, x + Math.abs(dx % 7)));
        Interval b = Interval.of(Math.min(y, y - Math.abs(dy % 5)), Math.max(y, y - Math.abs(dy % 5)));
        long cx = a.lo().value();
        long cy = b.hi().value();
        assertContainsExact(a.add(b), java.math.BigInteger.valueOf(cx).add(java.math.BigInteger.valueOf(cy)));
        assertContainsExact(a.sub(b), java.math.BigInteger.valueOf(cx).subtract(java.math.BigInteger.valueOf(cy)));
        assertContainsExact(a.mul(b), java.math.BigInteger.valueOf(cx).multiply(java.math.BigInteger.valueOf(cy)));
        assertTrue(a.add(b).wrapSigned(64).contains(cx + cy));
        assertTrue(a.mul(b).wrapSigned(64).contains(cx * cy));
        assertTrue(a.sub(b).wrapSigned(32).wrapSigned(64).contains(cx - cy) || !a.sub(b).leq(Interval.signedRange(32)));
    }

    /// An interval over the integers contains an exact result, reading infinite bounds as
    /// "beyond 64 bits".
    private static void assertContainsExact(Interval i, java.math.BigInteger v) {
        boolean aboveLo = i.lo().isMinusInfinity()
                || (i.lo().isFinite() && java.math.BigInteger.valueOf(i.lo().value()).compareTo(v) <= 0);
        boolean belowHi = i.hi().isPlusInfinity()
                || (i.hi().isFinite() && java.math.BigInteger.valueOf(i.hi().value()).compareTo(v) >= 0);
        assertTrue(aboveLo && belowHi, i + " does not contain " + v);
    }

    @Test
    void overflowGoesToTopWhenWrapped() {
        Interval max = Interval.of(Long.MAX_VALUE);
        Interval sum = max.add(Interval.of(1));
        assertFalse(sum.isBottom());
        assertEquals(Interval.signedRange(64), sum.wrapSigned(64));
        assertEquals(Interval.of(2147483649L), Interval.of(Integer.MAX_VALUE).add(Interval.of(2)).wrapSigned(64));
        assertEquals(Interval.signedRange(32), Interval.of(Integer.MAX_VALUE).add(Interval.of(2)).wrapSigned(32));
        assertEquals(Interval.of(0, 255), Interval.of(-1, 3).wrapUnsigned(8));
    }

    @Test
    void rendersLikePrevail() {
        assertEquals("[1, +oo]", Interval.of(Bound.of(1), Bound.PLUS_INF).toString());
        assertEquals("5", Interval.of(5).toString());
        assertEquals("_|_", Interval.bottom().toString());
        assertTrue(Interval.bottom().isBottom() && Interval.top().isTop());
    }
}
