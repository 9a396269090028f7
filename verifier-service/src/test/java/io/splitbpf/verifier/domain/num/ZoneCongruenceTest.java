package io.splitbpf.verifier.domain.num;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/// The zone with congruences: which operations keep, move or drop them, and the reduction that
/// rounds bounds to them.
class ZoneCongruenceTest {
    private static final Congruence MOD4 = new Congruence(2, 0);

    /// `x` in `[lo, hi]` with `x ≡ 0 mod 4`.
    private static ZoneDomain stride4(long lo, long hi) {
        return ZoneDomain.top().assume("x", Interval.of(lo, hi)).withCongruence("x", MOD4);
    }

    @Test
    void aNotEqualCutOnAMultipleOfFourStopsAtTheLastMultiple() {
        ZoneDomain z = stride4(4, 256).assume("size", Interval.of(256));
        ZoneDomain cut = z.assume(LinearConstraint.atMost("x", 255));
        assertEquals(Interval.of(4, 252), cut.interval("x"));
        assertEquals(Bound.of(-4), cut.upperBound("x", "size"), "relations see the rounded bound");
        assertEquals(Interval.of(8, 252), cut.assume(LinearConstraint.atLeast("x", 5)).interval("x"));
    }

    @Test
    void roundingToNothingIsBottom() {
        assertTrue(stride4(253, 255).isBottom());
        assertTrue(stride4(0, 300).assume("x", Interval.of(253, 255)).isBottom());
        assertTrue(ZoneDomain.top().assume("x", Interval.of(6)).withCongruence("x", MOD4).isBottom());
        assertTrue(stride4(0, 300).withCongruence("x", new Congruence(2, 1)).isBottom());
        assertEquals(stride4(0, 300), stride4(0, 300).withCongruence("x", new Congruence(1, 0)), "already known");
    }

    @Test
    void constantsJoinIntoACongruence() {
        ZoneDomain zero = ZoneDomain.top().assign("x", Interval.of(0));
        ZoneDomain four = ZoneDomain.top().assign("x", Interval.of(4));
        ZoneDomain j = zero.join(four);
        assertEquals(MOD4, j.congruence("x"));
        assertEquals(Congruence.of(4), four.congruence("x"));
        assertTrue(zero.join(ZoneDomain.top().assign("x", Interval.of(3))).congruence("x").isTop());
        assertEquals(MOD4, j.widen(four.assign("x", Interval.of(8)), Thresholds.of(252)).congruence("x"));
        assertEquals(Interval.of(0, 252), j.widen(four.assign("x", Interval.of(8)), Thresholds.of(252)).interval("x"));
    }

    @Test
    void translationsMoveTheCongruenceAndNewValuesDropIt() {
        ZoneDomain z = stride4(0, 252);
        assertEquals(new Congruence(2, 1), z.assign("x", "x", 5).congruence("x"));
        assertEquals(new Congruence(2, 3), z.assign("y", "x", -1).congruence("y"));
        assertEquals(MOD4, z.assign("y", "x", 0).congruence("y"));
        assertTrue(z.addRange("x", Interval.of(0, 1)).congruence("x").isTop());
        assertTrue(z.assign("x", Interval.of(0, 252)).congruence("x").isTop());
        assertTrue(z.forget("x").congruence("x").isTop());
        assertTrue(z.forgetAll(List.of("y", "x")).congruence("x").isTop());
        assertTrue(z.project(List.of("y")).congruence("x").isTop());
        assertEquals(MOD4, z.project(List.of("x")).congruence("x"));
    }

    @Test
    void inclusionAndEqualityHeedCongruences() {
        ZoneDomain plain = ZoneDomain.top().assume("x", Interval.of(0, 252));
        ZoneDomain strided = stride4(0, 252);
        assertTrue(strided.leq(plain));
        assertFalse(plain.leq(strided));
        assertFalse(plain.equals(strided));
        assertTrue(ZoneDomain.top().assume("x", Interval.of(8)).leq(strided), "a constant that is a multiple");
        assertFalse(ZoneDomain.top().assume("x", Interval.of(9)).leq(strided));
        assertEquals(strided, plain.join(strided).meet(strided));
        assertEquals(MOD4, plain.meet(strided).congruence("x"));
        assertTrue(strided.meet(stride4(0, 252).withCongruence("x", new Congruence(3, 4))).interval("x").equals(Interval.of(4, 252)));
        assertEquals(MOD4, strided.narrow(plain).congruence("x"), "narrowing keeps the wider value's congruences");
        assertTrue(plain.join(strided).congruence("x").isTop());
    }

    @Provide
    Arbitrary<Integer> bits() {
        return Arbitraries.integers().between(0, 4);
    }

    /// For concrete values `x`, `y` in two abstract values, every operator's result holds them
    /// (join: either; meet: both; assume: those that satisfy the constraint).
    @Property
    void operatorsKeepTheConcreteValues(@ForAll @LongRange(min = -40, max = 40) long x,
                                        @ForAll @LongRange(min = -40, max = 40) long y,
                                        @ForAll @IntRange(min = 0, max = 20) int below,
                                        @ForAll @IntRange(min = 0, max = 20) int above,
                                        @ForAll("bits") int kx, @ForAll("bits") int ky,
                                        @ForAll @LongRange(min = -45, max = 45) long bound,
                                        @ForAll @LongRange(min = -5, max = 5) long c) {
        ZoneDomain a = ZoneDomain.top().assume("x", Interval.of(x - below, x + above))
                .withCongruence("x", new Congruence(kx, x)).assign("y", "x", c);
        ZoneDomain b = ZoneDomain.top().assume("x", Interval.of(y - above, y + below))
                .withCongruence("x", new Congruence(ky, y));
        assertTrue(holds(a, x) && holds(b, y));
        assertTrue(a.congruence("y").contains(x + c) && a.interval("y").contains(x + c));
        ZoneDomain j = a.join(b);
        assertTrue(holds(j, x) && holds(j, y) && a.leq(j) && b.leq(j));
        ZoneDomain w = a.widen(b, Thresholds.of(0, 16));
        assertTrue(holds(w, x) && holds(w, y) && a.leq(w) && b.leq(w));
        if (holds(b, x)) {
            assertTrue(holds(a.meet(b), x));
        }
        ZoneDomain cut = a.assume(LinearConstraint.atMost("x", bound));
        assertEquals(x <= bound, holds(cut, x));
        ZoneDomain shifted = a.addRange("x", Interval.of(c));
        assertTrue(holds(shifted, x + c));
    }

    private static boolean holds(ZoneDomain z, long x) {
        return !z.isBottom() && z.interval("x").contains(x) && z.congruence("x").contains(x);
    }
}
