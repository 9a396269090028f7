package io.splitbpf.verifier;

import java.util.Objects;

/// Something the verifier proved about every run of an accepted program, which a JIT may rely
/// on. The signed artifact carries these as they are.
///
/// | kind | pc | lo, hi | region |
/// | --- | --- | --- | --- |
/// | `r0-range` | -1 | the signed range of `r0` at every exit | empty |
/// | `mem-access` | the load, store or atomic | the range of the offset of its first byte in `region` | `ctx`, `packet`, `stack` or `shared` |
///
/// Offsets are the verifier's: into the context from its start, into the packet from `data`,
/// into the stack of all frames from its bottom (the outermost frame's `r10` is at the total
/// stack size), into a map value or global data from the value's start. An unbounded end is
/// [Long#MIN_VALUE] or [Long#MAX_VALUE].
///
/// @param kind what the fact is about
/// @param pc the instruction it is about, -1 for the whole program
/// @param lo the least value
/// @param hi the greatest value
/// @param region a region name where the fact is about one, else empty
public record ProvenFact(String kind, int pc, long lo, long hi, String region) {
    /// The kind of the exit range fact.
    public static final String R0_RANGE = "r0-range";
    /// The kind of a memory access fact.
    public static final String MEM_ACCESS = "mem-access";

    public ProvenFact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(region, "region");
        if (lo > hi) throw new IllegalArgumentException(kind + " at " + pc + ": empty range [" + lo + ", " + hi + "]");
    }
}
