package io.splitbpf.core.platform;

/// What a helper leaves in r0 (PREVAIL's `return_type`).
public enum RetKind {
    /// A number.
    INTEGER,
    /// A pointer to a value of the map in r1, or null.
    MAP_VALUE_OR_NULL,
    /// A read-only pointer to a socket's common fields ([SocketLayout]), or null (Linux's
    /// `RET_PTR_TO_SOCK_COMMON_OR_NULL`).
    SOCKET_OR_NULL,
    /// A pointer to fresh memory of the size in r2, or null (Linux's
    /// `RET_PTR_TO_ALLOC_MEM_OR_NULL`, e.g. a ring buffer record).
    ALLOC_MEM_OR_NULL,
    /// Nothing useful: r0 is clobbered (Linux's `RET_VOID`).
    VOID
}
