package io.splitbpf.core.platform;

/// What a helper leaves in r0 (PREVAIL's `return_type`).
public enum RetKind {
    /// A number.
    INTEGER,
    /// A pointer to a value of the map in r1, or null.
    MAP_VALUE_OR_NULL,
    /// Nothing useful: r0 is clobbered (Linux's `RET_VOID`).
    VOID
}
