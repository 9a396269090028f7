package io.splitbpf.core.platform;

/// What a helper requires of one argument register (PREVAIL's `argument_type`, Linux's
/// `ARG_*`).
public enum ArgKind {
    /// Any initialised value.
    ANYTHING,
    /// A map reference (`lddw` of a map fd).
    MAP_FD,
    /// A reference to a program array.
    MAP_FD_PROGRAMS,
    /// A pointer to `key_size` readable bytes, for the map in the preceding argument.
    MAP_KEY,
    /// A pointer to `value_size` readable bytes, for the map in the preceding argument.
    MAP_VALUE,
    /// A pointer to readable memory whose size is the next argument.
    MEM_READABLE,
    /// Like [#MEM_READABLE], or null with a zero size.
    MEM_READABLE_OR_NULL,
    /// A pointer to writable memory whose size is the next argument; the helper fills it.
    MEM_WRITABLE,
    /// A pointer to readable and writable memory whose size is the next argument: the helper
    /// reads it and may write it back (Linux's `ARG_PTR_TO_MEM` without `MEM_RDONLY`).
    MEM_READ_WRITE,
    /// A size: a number greater than zero.
    CONST_SIZE,
    /// A size: a number at least zero.
    CONST_SIZE_OR_ZERO,
    /// A record a helper allocated (a ring buffer record), checked not null and unmoved, that
    /// the helper releases (Linux's `ARG_PTR_TO_ALLOC_MEM | OBJ_RELEASE`).
    ALLOC_MEM,
    /// The context pointer, unmodified.
    CTX,
    /// A number.
    NUMBER;

    /// Whether this argument is a memory pointer whose size is given by the next argument.
    public boolean isSizedMemory() {
        return this == MEM_READABLE || this == MEM_READABLE_OR_NULL || this == MEM_WRITABLE || this == MEM_READ_WRITE;
    }
}
