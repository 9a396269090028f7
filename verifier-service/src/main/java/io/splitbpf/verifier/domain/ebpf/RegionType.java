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
        return Kinds.BY_TYPE[t.ordinal()];
    }

    private static java.util.List<String> computeKindVariables(RegionType t) {
        return switch (t) {
            case NUMBER, SOCKET -> java.util.List.of("svalue", "uvalue");
            case SHARED -> java.util.List.of("shared_offset", "shared_region_size", "shared_readonly", "svalue", "uvalue");
            case STACK -> java.util.List.of("stack_offset", "stack_numeric_size");
            case ALLOC_MEM -> java.util.List.of("alloc_mem_offset", "alloc_mem_size", "svalue", "uvalue");
            case MAP_FD, MAP_FD_PROGRAMS -> java.util.List.of(t.offsetKind().orElseThrow(), "svalue", "uvalue");
            case UNINIT, CTX, PACKET -> t.offsetKind().stream().toList();
        };
    }

    /// The variables that mean something for a value of one of the types in `t`, sorted and
    /// distinct.
    public static java.util.List<String> activeKinds(TypeSet t) {
        java.util.List<String> k = Kinds.ACTIVE[t.bits()];
        if (k == null) {
            java.util.SortedSet<String> out = new java.util.TreeSet<>();
            for (RegionType r : t.types()) {
                out.addAll(kindVariables(r));
            }
            // Immutable lists publish safely through the racy cache (final fields).
            k = java.util.List.copyOf(out);
            Kinds.ACTIVE[t.bits()] = k;
        }
        return k;
    }

    /// Tables made once: the analysis asks for them at every join and inclusion test.
    private static final class Kinds {
        @SuppressWarnings("unchecked")
        private static final java.util.List<String>[] BY_TYPE = new java.util.List[values().length];
        /// [#activeKinds(TypeSet)] by the set's bits, filled as sets are met.
        @SuppressWarnings("unchecked")
        private static final java.util.List<String>[] ACTIVE = new java.util.List[1 << values().length];

        static {
            for (RegionType t : values()) {
                BY_TYPE[t.ordinal()] = computeKindVariables(t);
            }
        }
    }

    /// Whether this is a pointer that is never null.
    public boolean isNeverNull() {
        return this == CTX || this == PACKET || this == STACK;
    }
}
