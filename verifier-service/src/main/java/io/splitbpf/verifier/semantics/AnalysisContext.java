package io.splitbpf.verifier.semantics;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.verifier.assertion.ProgramInfo;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// Everything a transfer or a check may consult besides the state, passed explicitly (no
/// globals): the program type, the maps, and the analysis settings.
///
/// @param info the program information assertions are extracted with
/// @param maps the maps by index (an object's maps, then the inner maps of maps of maps)
/// @param totalStackSize the bytes of stack of all frames together
/// @param frameSize the bytes of stack of one frame
/// @param maxPacketSize the largest packet
/// @param allowDivisionByZero whether a possibly zero divisor is allowed (ISA semantics)
/// @param checkTermination whether loops must be proven bounded
/// @param loopLimit the bound each loop counter must stay below
/// @param byteOrder the order of a word's bytes in memory (of the machine the program runs on)
public record AnalysisContext(ProgramInfo info, List<MapShape> maps, int totalStackSize, int frameSize,
                              int maxPacketSize, boolean allowDivisionByZero, boolean checkTermination,
                              long loopLimit, ByteOrder byteOrder) {
    /// The largest value a pointer may have (PREVAIL's `ptr_max`).
    public static final long PTR_MAX = 2147418112L;

    public AnalysisContext {
        Objects.requireNonNull(info, "info");
        maps = List.copyOf(maps);
        Objects.requireNonNull(byteOrder, "byteOrder");
        if (frameSize <= 0 || totalStackSize < frameSize) {
            throw new IllegalArgumentException("stack of " + totalStackSize + " bytes with frames of " + frameSize);
        }
    }

    /// The shapes of an object's maps, inner maps appended after them.
    public static List<MapShape> shapesOf(List<MapSpec> specs) {
        List<MapShape> out = new ArrayList<>();
        for (MapSpec m : specs) {
            out.add(MapShape.of(m));
        }
        for (int i = 0; i < specs.size(); i++) {
            Optional<MapSpec> inner = specs.get(i).innerMap();
            if (inner.isPresent()) {
                MapShape outer = out.get(i);
                out.set(i, new MapShape(outer.type(), outer.keySize(), outer.valueSize(), out.size()));
                out.add(MapShape.of(inner.get()));
            }
        }
        return out;
    }

    /// The map with index `index`, if there is one.
    public Optional<MapShape> map(long index) {
        return index >= 0 && index < maps.size() ? Optional.of(maps.get((int) index)) : Optional.empty();
    }
}
