package io.splitbpf.core.spec;

/// Where in an object a map was defined.
public enum MapOrigin {
    /// A BTF-defined map in section `.maps` (`struct { __uint(type, ...); ... } name SEC(".maps")`).
    BTF,
    /// A legacy `struct bpf_map_def` in section `maps`.
    LEGACY,
    /// A global-data section (`.data*`, `.rodata*`, `.bss*`) as a one-entry array.
    GLOBAL_DATA,
    /// The inner-map template of a map-in-map (never in a collection's map list itself).
    INNER
}
