package io.splitbpf.verifier.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.verifier.domain.num.Interval;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// Map shapes: inner maps of maps of maps, and what a range of map indices has in common.
class AnalysisContextTest {
    private static MapSpec map(String name, MapType type, int key, int value, Optional<MapSpec> inner) {
        return new MapSpec(name, type, key, value, 8, 0, 0, 0, 0, inner, new byte[0], List.of(), false,
                Optional.empty(), Optional.empty(), MapOrigin.LEGACY);
    }

    @Test
    void anInnerMapSharesTheIndexOfAnObjectMapOfItsShape() {
        MapSpec template = map("inner", MapType.LRU_HASH, 4, 8, Optional.empty());
        MapSpec other = map("other", MapType.HASH, 8, 8, Optional.empty());
        MapSpec outer = map("outer", MapType.ARRAY_OF_MAPS, 4, 4, Optional.of(template));
        List<MapShape> shapes = AnalysisContext.shapesOf(List.of(template, outer, other));
        assertEquals(List.of(new MapShape(MapType.LRU_HASH, 4, 8, -1, false), new MapShape(MapType.ARRAY_OF_MAPS, 4, 4, 0, false),
                new MapShape(MapType.HASH, 8, 8, -1, false)), shapes);
        MapSpec unlike = map("outer2", MapType.HASH_OF_MAPS, 4, 4, Optional.of(map("x", MapType.ARRAY, 4, 16,
                Optional.empty())));
        assertEquals(new MapShape(MapType.ARRAY, 4, 16, -1, false), AnalysisContext.shapesOf(List.of(template, unlike)).get(2),
                "an inner map of a new shape is appended");
    }

    @Test
    void whatARangeOfMapsHasInCommon() {
        MapSpec a = map("a", MapType.HASH, 4, 8, Optional.empty());
        MapSpec b = map("b", MapType.ARRAY, 4, 16, Optional.empty());
        List<MapShape> shapes = AnalysisContext.shapesOf(List.of(a, b));
        AnalysisContext ctx = new AnalysisContext(new io.splitbpf.verifier.assertion.ProgramInfo(
                io.splitbpf.core.platform.ProgramTypeDescriptor.XDP, 2), shapes, 4096, 512, 65535, true, true, 100_000,
                java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(Optional.of(4), ctx.common(Interval.of(0, 1), MapShape::keySize));
        assertEquals(Optional.empty(), ctx.common(Interval.of(0, 1), MapShape::valueSize));
        assertEquals(Optional.of(16), ctx.common(Interval.of(1), MapShape::valueSize));
        assertEquals(Optional.empty(), ctx.common(Interval.of(0, 2), MapShape::keySize), "index 2 is no map");
        assertEquals(Optional.empty(), ctx.common(Interval.top(), MapShape::keySize));
    }
}
