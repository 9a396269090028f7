package io.splitbpf.verifier.domain.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeClassesTest {
    @Test
    void assignmentsMoveAValueBetweenClasses() {
        TypeClasses c = TypeClasses.NONE.with("r2", "r1").with("r3", "r2");
        assertTrue(c.same("r1", "r3"));
        assertEquals("r1.type=r2.type=r3.type", c.toString());
        TypeClasses moved = c.with("r1", "r5");
        assertTrue(moved.same("r2", "r3") && moved.same("r1", "r5"));
        assertFalse(moved.same("r1", "r2"));
        assertTrue(moved.without("r2").classes().stream().noneMatch(k -> k.contains("r3")), "a class of one is dropped");
    }

    @Test
    void commonKeepsOnlyEqualitiesOfBothSides() {
        Map<String, String> here = Map.of("r1", "a", "r2", "a", "r3", "a", "r4", "b");
        Map<String, String> there = Map.of("r1", "x", "r2", "x", "r3", "y", "r4", "y");
        TypeClasses c = TypeClasses.common(List.of("r1", "r2", "r3", "r4"), here::get, there::get, _ -> false);
        assertEquals("r1.type=r2.type", c.toString());
        assertTrue(TypeClasses.common(List.of("r1", "r2"), here::get, there::get, _ -> true).isEmpty());
    }

    @Test
    void unionMergesClasses() {
        TypeClasses a = TypeClasses.NONE.with("r2", "r1");
        TypeClasses b = TypeClasses.NONE.with("r3", "r2").with("s[504...511]", "r4");
        TypeClasses u = a.union(b);
        assertTrue(u.same("r1", "r3") && u.same("r4", "s[504...511]") && !u.same("r1", "r4"));
    }
}
