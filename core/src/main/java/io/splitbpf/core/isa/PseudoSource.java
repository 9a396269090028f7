package io.splitbpf.core.isa;

/// What the source field of an `lddw` (opcode 0x18) says its 64-bit immediate means.
public enum PseudoSource {
    /// A plain 64-bit constant.
    IMM64,
    /// imm is a map file descriptor (for us: the index of a map in the object).
    MAP_FD,
    /// imm is a map (fd/index), next imm an offset into its value: a pointer to global data.
    MAP_VALUE,
    /// imm is the BTF id of a kernel variable.
    BTF_ID,
    /// imm is the pc-relative offset of a function (a callback).
    FUNC,
    /// imm is an index into the map array given at load time.
    MAP_IDX,
    /// imm is an index into the map array, next imm an offset into that map's value.
    MAP_IDX_VALUE;

    /// The source field value (0–6).
    public int code() {
        return ordinal();
    }

    public static PseudoSource of(int code) {
        return values()[code];
    }

    /// Whether the immediate names a map.
    public boolean isMapReference() {
        return this == MAP_FD || this == MAP_VALUE || this == MAP_IDX || this == MAP_IDX_VALUE;
    }
}
