package io.splitbpf.verifier.domain.ebpf;

import java.util.Locale;

/// What a register or spilled stack value may hold: a number, one of the pointer regions, a
/// map reference, or nothing yet (`uninit`). The lower-case names are PREVAIL's.
public enum RegionType {
    /// Never written.
    UNINIT,
    /// A reference to a program array (for tail calls).
    MAP_FD_PROGRAMS,
    /// A reference to any other map.
    MAP_FD,
    /// A plain number.
    NUMBER,
    /// A pointer into the program's context.
    CTX,
    /// A pointer into packet data (including the meta area before it).
    PACKET,
    /// A pointer into the stack.
    STACK,
    /// A pointer into a map value or global data (maybe null until checked).
    SHARED,
    /// A read-only pointer to a socket's common fields (maybe null until checked); no
    /// arithmetic moves it.
    SOCKET,
    /// A pointer into memory a helper allocated, such as a ring buffer record (maybe null until
    /// checked).
    ALLOC_MEM;

    /// Whether a pointer of this type may be null until a check says otherwise.
    public boolean isNullable() {
        return this == SHARED || this == SOCKET || this == ALLOC_MEM;
    }

    /// PREVAIL's name, e.g. `map_fd`.
    public String prevailName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /// The type of a PREVAIL name, e.g. `packet`.
    public static RegionType ofPrevailName(String name) {
        for (RegionType t : values()) {
            if (t.prevailName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown type '" + name + "'");
    }

    /// The kind variable that holds a pointer's offset into this region, if it has one.
    public java.util.Optional<String> offsetKind() {
        return switch (this) {
            case CTX -> java.util.Optional.of("ctx_offset");
            case PACKET -> java.util.Optional.of("packet_offset");
            case STACK -> java.util.Optional.of("stack_offset");
            case SHARED -> java.util.Optional.of("shared_offset");
            case MAP_FD -> java.util.Optional.of("map_fd");
            case MAP_FD_PROGRAMS -> java.util.Optional.of("map_fd_programs");
            case ALLOC_MEM -> java.util.Optional.of("alloc_mem_offset");
            case UNINIT, NUMBER, SOCKET -> java.util.Optional.empty();
        };
    }

    /// The per-register variables that only mean something for a value of type `t`. A value's
    /// `svalue` and `uvalue` mean something for numbers and for pointers that may be null (they
    /// say whether they are); pointers that are never null (context, packet, stack) have no use
    /// for them.
    public static java.util.List<String> kindVariables(RegionType t) {
        return KIND_VARIABLES[t.ordinal()];
    }

    private static java.util.List<String> kindVariablesOf(RegionType t) {
        return switch (t) {
            case NUMBER, SOCKET -> java.util.List.of("svalue", "uvalue");
            case SHARED -> java.util.List.of("shared_offset", "shared_region_size", "shared_readonly", "svalue", "uvalue");
            case STACK -> java.util.List.of("stack_offset", "stack_numeric_size");
            case ALLOC_MEM -> java.util.List.of("alloc_mem_offset", "alloc_mem_size", "svalue", "uvalue");
            case MAP_FD, MAP_FD_PROGRAMS -> java.util.List.of(t.offsetKind().orElseThrow(), "svalue", "uvalue");
            case UNINIT, CTX, PACKET -> t.offsetKind().stream().toList();
        };
    }

    private static final java.util.List<String>[] KIND_VARIABLES = kindVariablesTable();

    @SuppressWarnings("unchecked")
    private static java.util.List<String>[] kindVariablesTable() {
        java.util.List<String>[] out = new java.util.List[values().length];
        for (RegionType t : values()) {
            out[t.ordinal()] = kindVariablesOf(t);
        }
        return out;
    }

    /// The variables that mean something for a value of one of the types in `t`: sorted and
    /// unmodifiable, made once per set of types (the joins and comparisons of states ask for
    /// them for every register at every step).
    public static java.util.SortedSet<String> activeKinds(TypeSet t) {
        java.util.SortedSet<String> kinds = ACTIVE_KINDS[t.bits()];
        if (kinds == null) {
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            for (RegionType r : t.types()) {
                out.addAll(kindVariables(r));
            }
            kinds = java.util.Collections.unmodifiableSortedSet(out);
            // Invariant: racing threads compute equal sets, and an unmodifiable set over a
            // TreeSet filled before publication is safe to read once a reference to it is seen
            // through this array (the set's fields are final in the wrapper).
            ACTIVE_KINDS[t.bits()] = kinds;
        }
        return kinds;
    }

    @SuppressWarnings("unchecked")
    private static final java.util.SortedSet<String>[] ACTIVE_KINDS = new java.util.SortedSet[1 << values().length];

    /// Whether this is a pointer that is never null.
    public boolean isNeverNull() {
        return this == CTX || this == PACKET || this == STACK;
    }
}
