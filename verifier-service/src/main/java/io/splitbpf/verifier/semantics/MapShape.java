package io.splitbpf.verifier.semantics;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;

/// What the analysis needs of one map: its type and sizes, and for a map of maps the index
/// of its inner map's shape.
///
/// @param type the map type
/// @param keySize the key size in bytes
/// @param valueSize the value size in bytes
/// @param innerIndex the index of the inner map's shape, or -1
/// @param readOnly whether programs may only read its values (`BPF_F_RDONLY_PROG`, as libbpf
///                 creates `.rodata`)
public record MapShape(MapType type, int keySize, int valueSize, int innerIndex, boolean readOnly) {
    /// The shape of `spec`, with no inner map.
    public static MapShape of(MapSpec spec) {
        return new MapShape(spec.type(), spec.keySize(), spec.valueSize(), -1,
                (spec.flags() & MapSpec.F_RDONLY_PROG) != 0);
    }

    /// This shape with its inner map's shape at `index`.
    public MapShape withInner(int index) {
        return new MapShape(type, keySize, valueSize, index, readOnly);
    }

    /// Whether lookups return an inner map rather than a value.
    public boolean isMapOfMaps() {
        return innerIndex >= 0;
    }

    /// Whether it holds programs (tail-call targets).
    public boolean isProgramArray() {
        return type == MapType.PROG_ARRAY;
    }
}
