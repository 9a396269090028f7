package io.splitbpf.exec.maps;

import java.util.Objects;

/// A map held in a map of maps: its id (what Linux's lookup of a map of maps returns to user
/// space), the map, and its handle in the tenant's [MapRegistry] (what a program's lookup
/// returns, so that the program can pass it to the map helpers).
public record InnerMapRef(int id, BpfMap map, long handle) {
    public InnerMapRef {
        Objects.requireNonNull(map, "map");
    }
}
