package io.splitbpf.verifier.domain.num;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ZoneDomainTest {
    private static final List<String> VARS = List.of("a", "b", "c", "d");

    @Test
    void closurePropagatesDifferences() {
        ZoneDomain z = ZoneDomain.top()
                .assume(LinearConstraint.difference("x", "y", 3))
                .assume(LinearConstraint.difference("y", "z", 4))
                .assume(LinearConstraint.atMost("z", 10));
        assertEquals(Bound.of(7), z.upperBound("x", "z"));
        assertEquals(Bound.of(17), z.interval("x").hi());
        assertTrue(z.entails(LinearConstraint.atMost("x", 17)));
        assertFalse(z.entails(LinearConstraint.atMost("x", 16)));
    }

    @Test
    void contradictionIsBottom() {
        ZoneDomain z = ZoneDomain.top().assume("x", Interval.of(0, 5)).assume(LinearConstraint.atLeast("x", 6));
        assertTrue(z.isBottom());
        assertTrue(ZoneDomain.top().assume(LinearConstraint.difference("x", "y", -1))
                .assume(LinearConstraint.difference("y", "x", 0)).isBottom());
    }

    @Test
    void assignCopiesAndShifts() {
        ZoneDomain z = ZoneDomain.top().assume("y", Interval.of(2, 4)).assign("x", "y", 10);
        assertEquals(Interval.of(12, 14), z.interval("x"));
        assertEquals(Bound.of(10), z.upperBound("x", "y"));
        ZoneDomain s = z.assign("x", "x", -10);
        assertEquals(Interval.of(2, 4), s.interval("x"));
        assertEquals(Bound.of(0), s.upperBound("x", "y"));
        assertTrue(s.forget("y").interval("y").isTop());
        assertEquals(Interval.of(2, 4), s.forget("y").interval("x"));
    }

    @Test
    void addRangeMovesRelationsByTheRange() {
        ZoneDomain z = ZoneDomain.top().assume("y", Interval.of(2, 4)).assign("x", "y", 0).addRange("x", Interval.of(3, 5));
        assertEquals(Interval.of(5, 9), z.interval("x"));
        assertEquals(Bound.of(5), z.upperBound("x", "y"));
        assertEquals(Bound.of(-3), z.upperBound("y", "x"));
        ZoneDomain up = z.addRange("x", new Interval(Bound.of(0), Bound.PLUS_INF));
        assertEquals(Bound.PLUS_INF, up.upperBound("x", "y"));
        assertEquals(Bound.of(-3), up.upperBound("y", "x"), "only the bounds in the unbounded direction go");
    }

    @Test
    void joinKeepsCommonRelations() {
        ZoneDomain a = ZoneDomain.top().assume("x", Interval.of(0)).assign("y", "x", 1);
        ZoneDomain b = ZoneDomain.top().assume("x", Interval.of(5)).assign("y", "x", 1);
        ZoneDomain j = a.join(b);
        assertEquals(Interval.of(0, 5), j.interval("x"));
        assertEquals(Bound.of(1), j.upperBound("y", "x"));
        assertEquals(Bound.of(-1), j.upperBound("x", "y"));
    }

    @Test
    void wideningDropsGrowingBoundsToThresholds() {
        ZoneDomain a = ZoneDomain.top().assume("i", Interval.of(0));
        ZoneDomain b = ZoneDomain.top().assume("i", Interval.of(0, 1));
        ZoneDomain w = a.widen(b, Thresholds.of(Integer.MAX_VALUE));
        assertEquals(Interval.of(0, Integer.MAX_VALUE), w.interval("i"));
        ZoneDomain plain = a.widen(b);
        assertEquals(Interval.of(Bound.ZERO, Bound.PLUS_INF), plain.interval("i"));
        assertEquals(Interval.of(0, 100), plain.narrow(ZoneDomain.top().assume("i", Interval.of(0, 100))).interval("i"));
    }

    @Test
    void aBoundOnlyTheRightSideHasIsNotIncluded() {
        ZoneDomain bounded = ZoneDomain.top().assume("y", Interval.of(0, 4)).assume(LinearConstraint.difference("x", "y", 3));
        ZoneDomain free = ZoneDomain.top().assume("y", Interval.of(0, 4));
        assertTrue(bounded.leq(free));
        assertFalse(free.leq(bounded));
    }

    /// Every rebinding moves a variable to a new block of the persistent matrix; many of them
    /// make it compact itself, which must keep every bound.
    @Test
    void manyRebindingsKeepEveryOtherBound() {
        ZoneDomain z = ZoneDomain.top().assume("y", Interval.of(2, 4)).assign("x", "y", 10)
                .assume(LinearConstraint.difference("w", "y", -1));
        for (int i = 0; i < 200; i++) {
            z = z.assign("t" + (i % 3), Interval.of(i)).assign("u", "x", i).forget("t" + ((i + 1) % 3));
        }
        assertEquals(Interval.of(2, 4), z.interval("y"));
        assertEquals(Bound.of(10), z.upperBound("x", "y"));
        assertEquals(Bound.of(-10), z.upperBound("y", "x"));
        assertEquals(Bound.of(-1), z.upperBound("w", "y"));
        assertEquals(Bound.of(199), z.upperBound("u", "x"));
        assertEquals(Interval.of(199), z.interval("t1"));
        assertTrue(z.interval("t2").isTop());
        assertEquals(Interval.of(198), z.interval("t0"));
        assertEquals(List.of("t0", "t1", "u", "w", "x", "y"), List.copyOf(z.variables()));
    }

    @Provide
    Arbitrary<List<LinearConstraint>> constraints() {
        Arbitrary<String> v = Arbitraries.of(VARS);
        Arbitrary<Long> c = Arbitraries.longs().between(-10, 10);
        Arbitrary<LinearConstraint> diff = Combinators.combine(v, v, c)
                .filter((x, y, k) -> !x.equals(y)).as(LinearConstraint::difference);
        Arbitrary<LinearConstraint> up = Combinators.combine(v, c).as(LinearConstraint::atMost);
        Arbitrary<LinearConstraint> low = Combinators.combine(v, c).as(LinearConstraint::atLeast);
        return Arbitraries.oneOf(diff, up, low).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Map<String, Long>> points() {
        Arbitrary<Long> c = Arbitraries.longs().between(-10, 10);
        return Combinators.combine(c, c, c, c).as((a, b, x, d) -> Map.of("a", a, "b", b, "c", x, "d", d));
    }

    private static boolean holds(LinearConstraint k, Map<String, Long> p) {
        long plus = k.plus().map(p::get).orElse(0L);
        long minus = k.minus().map(p::get).orElse(0L);
        return plus - minus <= k.bound();
    }

    private static boolean contains(ZoneDomain z, Map<String, Long> p) {
        for (String x : VARS) {
            if (!z.interval(x).contains(p.get(x))) {
                return false;
            }
            for (String y : VARS) {
                if (!x.equals(y) && z.upperBound(x, y).compareTo(Bound.of(p.get(x) - p.get(y))) < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Property
    void assumeIsSoundAndExact(@ForAll("constraints") List<LinearConstraint> cs, @ForAll("points") Map<String, Long> p) {
        ZoneDomain z = ZoneDomain.top().assumeAll(cs);
        boolean satisfied = cs.stream().allMatch(k -> holds(k, p));
        if (satisfied) {
            assertFalse(z.isBottom());
            assertTrue(contains(z, p));
            cs.forEach(k -> assertTrue(z.entails(k)));
        }
    }

    @Property
    void latticeLaws(@ForAll("constraints") List<LinearConstraint> as, @ForAll("constraints") List<LinearConstraint> bs,
                     @ForAll("points") Map<String, Long> p) {
        ZoneDomain a = ZoneDomain.top().assumeAll(as);
        ZoneDomain b = ZoneDomain.top().assumeAll(bs);
        ZoneDomain j = a.join(b);
        ZoneDomain m = a.meet(b);
        assertTrue(a.leq(j) && b.leq(j));
        assertTrue(m.leq(a) && m.leq(b));
        assertTrue(a.leq(a.widen(b)) && b.leq(a.widen(b)));
        if (contains(a, p) || contains(b, p)) {
            assertTrue(contains(j, p));
        }
        if (contains(a, p) && contains(b, p)) {
            assertTrue(contains(m, p));
        }
        if (a.leq(b) && contains(a, p)) {
            assertTrue(contains(b, p), "leq must mean inclusion, also where only b bounds a variable");
        }
        assertEquals(a, a.join(a));
    }

    @Provide
    Arbitrary<Interval> ranges() {
        Arbitrary<Long> c = Arbitraries.longs().between(-10, 10);
        Arbitrary<Interval> finite = Combinators.combine(c, c).as((a, b) -> Interval.of(Math.min(a, b), Math.max(a, b)));
        return Arbitraries.oneOf(finite, c.map(a -> new Interval(Bound.of(a), Bound.PLUS_INF)),
                c.map(a -> new Interval(Bound.MINUS_INF, Bound.of(a))), Arbitraries.of(Interval.top(),
                        Interval.of(Long.MIN_VALUE, 3), Interval.of(-3, Long.MAX_VALUE)));
    }

    /// The direct assignments (one row and column rebuilt) give exactly what forgetting and then
    /// assuming gives, relations included.
    @Property
    void assignmentsAreForgetThenAssume(@ForAll("constraints") List<LinearConstraint> cs, @ForAll("ranges") Interval range,
                                        @ForAll("vars") String x, @ForAll("vars") String y,
                                        @ForAll @net.jqwik.api.constraints.LongRange(min = -10, max = 10) long c) {
        ZoneDomain z = ZoneDomain.top().assumeAll(cs);
        assertEquals(z.forget(x).assume(x, range).describe(), z.assign(x, range).describe());
        if (!x.equals(y)) {
            ZoneDomain slow = z.forget(x).assume(LinearConstraint.difference(x, y, c))
                    .assume(LinearConstraint.difference(y, x, -c));
            assertEquals(slow.describe(), z.assign(x, y, c).describe());
        }
        assertEquals(z.forget(x).forget(y).describe(), z.forgetAll(List.of(x, y)).describe());
    }

    @Provide
    Arbitrary<String> vars() {
        return Arbitraries.of("a", "b", "c", "d", "e");
    }

    @Property
    void projectForgetsOnlyTheDroppedVariables(@ForAll("constraints") List<LinearConstraint> cs) {
        ZoneDomain z = ZoneDomain.top().assumeAll(cs);
        ZoneDomain p = z.project(List.of("a", "b"));
        assertTrue(z.leq(p));
        if (!z.isBottom()) {
            assertEquals(z.interval("a"), p.interval("a"));
            assertEquals(z.upperBound("a", "b"), p.upperBound("a", "b"));
            assertTrue(p.interval("c").isTop());
        }
    }
}
