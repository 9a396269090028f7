package io.splitbpf.core.spec;

import java.util.Objects;

/// An initial entry of a prog_array or map-in-map (`.values = { [slot] = &target }`): `target`
/// names a program of the collection (prog_array) or a map of it (map-in-map).
public record MapSlot(int slot, String target) {
    public MapSlot {
        Objects.requireNonNull(target, "target");
        if (slot < 0) {
            throw new IllegalArgumentException("negative slot " + slot);
        }
    }
}
