package io.splitbpf.verifier.semantics;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.verifier.assertion.ProgramInfo;
import io.splitbpf.verifier.domain.num.Interval;
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

    /// The shapes of an object's maps, inner maps appended after them. An inner map whose shape
    /// an object map already has (the template map of a legacy map of maps, most often) shares
    /// that map's index: the analysis cannot tell them apart anyway, and a register that holds
    /// either then has one index range with one key size.
    public static List<MapShape> shapesOf(List<MapSpec> specs) {
        List<MapShape> out = new ArrayList<>();
        for (MapSpec m : specs) {
            out.add(MapShape.of(m));
        }
        for (int i = 0; i < specs.size(); i++) {
            Optional<MapSpec> inner = specs.get(i).innerMap();
            if (inner.isPresent()) {
                MapShape shape = MapShape.of(inner.get());
                int index = sameShape(specs, shape);
                if (index < 0) {
                    index = out.size();
                    out.add(shape);
                }
                out.set(i, out.get(i).withInner(index));
            }
        }
        return out;
    }

    /// The first object map of shape `shape` that is not a map of maps, or -1.
    private static int sameShape(List<MapSpec> specs, MapShape shape) {
        for (int j = 0; j < specs.size(); j++) {
            if (specs.get(j).innerMap().isEmpty() && MapShape.of(specs.get(j)).equals(shape)) {
                return j;
            }
        }
        return -1;
    }

    /// The map with index `index`, if there is one.
    public Optional<MapShape> map(long index) {
        return index >= 0 && index < maps.size() ? Optional.of(maps.get((int) index)) : Optional.empty();
    }

    /// The maps with the indices in `indices` (a register's `map_fd` range), when it is a
    /// non-empty finite range of existing maps.
    public Optional<List<MapShape>> maps(Interval indices) {
        if (indices.isBottom() || !indices.lo().isFinite() || !indices.hi().isFinite() || indices.lo().value() < 0
                || indices.hi().value() >= maps.size()) {
            return Optional.empty();
        }
        return Optional.of(maps.subList((int) indices.lo().value(), (int) indices.hi().value() + 1));
    }

    /// Whether the maps with the indices in `indices` are read-only to programs: `[1, 1]` when
    /// all are, `[0, 0]` when none is, `[0, 1]` otherwise (unknown maps count as read-only).
    public Interval readOnly(Interval indices) {
        Optional<List<MapShape>> these = maps(indices);
        if (these.isEmpty()) {
            return Interval.of(0, 1);
        }
        boolean any = these.get().stream().anyMatch(MapShape::readOnly);
        boolean all = these.get().stream().allMatch(MapShape::readOnly);
        return all ? Interval.of(1) : any ? Interval.of(0, 1) : Interval.of(0);
    }

    /// What all maps with the indices in `indices` have in common, as `property` says, when
    /// they exist and agree (e.g. the key size of a map chosen at run time from two).
    public <T> Optional<T> common(Interval indices, java.util.function.Function<MapShape, T> property) {
        Optional<List<MapShape>> these = maps(indices);
        if (these.isEmpty()) {
            return Optional.empty();
        }
        T first = property.apply(these.get().getFirst());
        return these.get().stream().allMatch(m -> property.apply(m).equals(first)) ? Optional.of(first) : Optional.empty();
    }
}
