package io.splitbpf.verifier.domain.num;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/// The congruence lattice `x ≡ r mod 2^k`: its laws, each transfer on concrete values, and the
/// rounding of intervals.
class CongruenceTest {
    private static Congruence mod(int bits, long residue) {
        return new Congruence(bits, residue);
    }

    @Test
    void joinKeepsTheLowBitsBothShare() {
        assertEquals(mod(2, 0), Congruence.of(0).join(Congruence.of(4)));
        assertEquals(mod(2, 0), Congruence.of(0).join(Congruence.of(4)).join(Congruence.of(252)));
        assertEquals(mod(1, 1), Congruence.of(3).join(Congruence.of(5)));
        assertTrue(Congruence.of(0).join(Congruence.of(1)).isTop());
        assertEquals(mod(3, 5), mod(3, 5).join(Congruence.of(13)));
        assertEquals(mod(3, 5), mod(3, -3), "residues are kept in [0, 2^bits)");
    }

    @Test
    void leqAndMeet() {
        assertTrue(mod(4, 4).leq(mod(2, 0)));
        assertFalse(mod(2, 0).leq(mod(4, 4)));
        assertFalse(mod(4, 5).leq(mod(2, 0)));
        assertEquals(mod(4, 4), mod(2, 0).meetOrNull(mod(4, 4)));
        assertNull(mod(2, 0).meetOrNull(mod(2, 1)), "no integer is both");
        assertTrue(mod(2, 1).leq(Congruence.top()));
    }

    @Test
    void transfers() {
        assertEquals(mod(2, 0), mod(2, 0).plus(4));
        assertEquals(mod(2, 3), mod(2, 0).plus(-1));
        assertEquals(mod(1, 0), mod(2, 0).plus(mod(1, 0)));
        assertEquals(mod(4, 4), mod(2, 1).times(4));
        assertEquals(mod(5, 12), mod(3, 3).times(4));
        assertEquals(mod(2, 0), Congruence.top().times(4), "x * 4 is a multiple of 4 whatever x is");
        assertEquals(Congruence.of(0), mod(3, 1).times(0));
        assertEquals(mod(4, 0), Congruence.top().and(-16), "clearing the low 4 bits");
        assertEquals(mod(3, 1), mod(3, 5).and(3), "a mask of low bits keeps what the mask lets through");
        assertEquals(mod(32, 7), Congruence.of(7).truncated(32));
        assertEquals(mod(62, 1L << 61), Congruence.of(1).times(1L << 61), "capped at 2^62");
        assertThrows(IllegalArgumentException.class, () -> mod(63, 0));
    }

    @Test
    void roundingMovesBoundsInward() {
        assertEquals(Interval.of(4, 252), mod(2, 0).round(Interval.of(4, 255)));
        assertEquals(Interval.of(4, 252), mod(2, 0).round(Interval.of(1, 255)));
        assertEquals(Interval.of(-7, 5), mod(2, 1).round(Interval.of(-8, 7)));
        assertTrue(mod(2, 0).round(Interval.of(253, 255)).isBottom());
        assertEquals(new Interval(Bound.of(8), Bound.PLUS_INF), mod(3, 0).round(new Interval(Bound.of(1), Bound.PLUS_INF)));
        assertEquals(new Interval(Bound.MINUS_INF, Bound.of(-8)), mod(3, 0).round(new Interval(Bound.MINUS_INF, Bound.of(-1))));
        assertEquals(Interval.of(Long.MAX_VALUE - 7, Long.MAX_VALUE - 7), mod(3, 0).round(Interval.of(Long.MAX_VALUE - 10, Long.MAX_VALUE)));
        assertTrue(mod(3, 0).round(Interval.of(Long.MAX_VALUE - 6, Long.MAX_VALUE)).isBottom(), "rounding up leaves 64 bits");
        assertTrue(mod(3, 1).round(Interval.of(Long.MIN_VALUE, Long.MIN_VALUE)).isBottom(), "rounding down leaves 64 bits");
        assertEquals(new Interval(Bound.of(Long.MAX_VALUE - 6), Bound.PLUS_INF),
                mod(3, 0).round(new Interval(Bound.of(Long.MAX_VALUE - 6), Bound.PLUS_INF)),
                "a bound that cannot be rounded without leaving 64 bits stays when the other side is infinite");
        assertEquals(Interval.of(3, 9), Congruence.top().round(Interval.of(3, 9)));
    }

    @Provide
    Arbitrary<Congruence> congruences() {
        return Arbitraries.integers().between(0, Congruence.MAX_BITS).flatMap(k -> Arbitraries.longs().map(r -> mod(k, r)));
    }

    @Provide
    Arbitrary<Long> values() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-300, 300), Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L << 32, (1L << 32) - 4));
    }

    /// A value of `c` near `v`.
    private static long member(Congruence c, long v) {
        return v + ((c.residue() - v) & (c.modulus() - 1));
    }

    @Property
    void latticeLaws(@ForAll("congruences") Congruence a, @ForAll("congruences") Congruence b, @ForAll("values") long v) {
        Congruence j = a.join(b);
        assertTrue(a.leq(j) && b.leq(j));
        assertEquals(j, b.join(a));
        assertEquals(a, a.join(a));
        long x = member(a, v);
        assertTrue(a.contains(x));
        assertTrue(j.contains(x));
        Congruence m = a.meetOrNull(b);
        if (b.contains(x)) {
            assertTrue(m != null && m.contains(x), a + " meet " + b + " must keep " + x);
        }
        if (a.leq(b)) {
            assertTrue(b.contains(x));
        }
    }

    /// Each transfer holds of the 64-bit words it models (so also modulo 2^64, wrap-around
    /// included) and, truncated, of 32-bit results.
    @Property
    void transfersAreSound(@ForAll("congruences") Congruence a, @ForAll("congruences") Congruence b,
                           @ForAll("values") long u, @ForAll("values") long w, @ForAll("values") long c,
                           @ForAll @IntRange(min = 0, max = 63) int n) {
        long x = member(a, u);
        long y = member(b, w);
        assertTrue(a.plus(c).contains(x + c));
        assertTrue(a.plus(b).contains(x + y));
        assertTrue(a.times(c).contains(x * c));
        assertTrue(a.times(1L << n).contains(x << n));
        assertTrue(a.and(c).contains(x & c));
        assertTrue(a.plus(b).truncated(32).contains((x + y) & 0xffff_ffffL));
        assertTrue(a.times(c).truncated(32).contains(((int) x * (int) c) & 0xffff_ffffL));
        assertTrue(a.and(c).truncated(32).contains(x & c & 0xffff_ffffL));
    }

    @Property
    void roundingKeepsEveryMemberAndOnlyNarrows(@ForAll("congruences") Congruence a, @ForAll("values") long lo,
                                                @ForAll @IntRange(min = 0, max = 1000) int width, @ForAll("values") long v) {
        Assume.that(lo <= Long.MAX_VALUE - width);
        Interval i = Interval.of(lo, lo + width);
        Interval r = a.round(i);
        assertTrue(r.leq(i));
        long x = member(a, v);
        if (i.contains(x)) {
            assertTrue(r.contains(x), a + " round " + i + " = " + r + " lost " + x);
        }
        if (!r.isBottom()) {
            assertTrue(a.contains(r.lo().value()) && a.contains(r.hi().value()));
        }
    }
}
