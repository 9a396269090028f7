package io.splitbpf.verifier.check;

/// The fixed catalogue of failure sentences (PREVAIL's wording where PREVAIL has one), so
/// that tests and users can match findings. Some take a bound, e.g. `Upper bound must be at
/// most 24`.
///
/// @param text the sentence
public record Sentence(String text) {
    public static final Sentence INVALID_TYPE = new Sentence("Invalid type");
    public static final Sentence NULL_ACCESS = new Sentence("Possible null access");
    public static final Sentence NOT_NUMERIC = new Sentence("Stack content is not numeric");
    public static final Sentence STACK_LOWER = new Sentence("Lower bound must be at least r10.stack_offset - subprogram_stack_size");
    public static final Sentence STACK_UPPER = new Sentence("Upper bound must be at most total_stack_size");
    public static final Sentence LOWER_ZERO = new Sentence("Lower bound must be at least 0");
    public static final Sentence PACKET_LOWER = new Sentence("Lower bound must be at least meta_offset");
    public static final Sentence PACKET_UPPER = new Sentence("Upper bound must be at most packet_size");
    public static final Sentence CTX_POINTER_WRITE = new Sentence("Cannot write to context pointer field");
    public static final Sentence CTX_READ_ONLY = new Sentence("Context field is not writable");
    public static final Sentence CTX_OPAQUE = new Sentence("Context field holds a pointer that cannot be accessed");
    public static final Sentence NOT_POINTER = new Sentence("Only pointers can be dereferenced");
    public static final Sentence FD_DEREF = new Sentence("FDs cannot be dereferenced directly");
    public static final Sentence NON_NULL_NUMBER = new Sentence("Non-null number");
    public static final Sentence NULL_WITH_SIZE = new Sentence("Non-zero access size with null pointer");
    public static final Sentence SUBTRACT_DIFFERENT = new Sentence("Cannot subtract pointers to different regions");
    public static final Sentence SUBTRACT_NON_SINGLETON = new Sentence("Cannot subtract pointers to non-singleton regions");
    public static final Sentence ADD_POINTERS = new Sentence("Only numbers can be added to pointers");
    public static final Sentence LEAK = new Sentence("Only numbers can be stored to externally-visible regions");
    public static final Sentence CTX_OFFSET = new Sentence("Nonzero context offset");
    public static final Sentence DIVISOR_TYPE = new Sentence("Only numbers can be used as divisors");
    public static final Sentence DIVISION_BY_ZERO = new Sentence("Possible division by zero");
    public static final Sentence INVALID_SIZE = new Sentence("Invalid size");
    public static final Sentence MISALIGNED = new Sentence("Atomic access to shared memory must be aligned to its size");
    public static final Sentence LOOP_COUNTER = new Sentence("Loop counter is too large");
    public static final Sentence MAP_KEY_SIZE = new Sentence("Map key size is not singleton");
    public static final Sentence MAP_NON_NUMERIC = new Sentence("Illegal map update with a non-numerical value");
    public static final Sentence UNAVAILABLE = new Sentence("Call is unavailable on this platform");
    public static final Sentence SOCKET_READ_ONLY = new Sentence("Socket memory is read-only");
    public static final Sentence SOCKET_ACCESS = new Sentence("Invalid socket access");
    public static final Sentence MAP_READ_ONLY = new Sentence("Map is read-only to programs");
    public static final Sentence MAP_INDEX = new Sentence("Invalid map index");
    public static final Sentence RETURN_RANGE = new Sentence("Return value is out of range");
    public static final Sentence UNRELEASED = new Sentence("Ring buffer record may be held (not submitted or discarded)");
    public static final Sentence RELEASE_OFFSET = new Sentence("Ring buffer record must be released from its start");

    /// `Invalid context access: <why>`, e.g. `8-byte read at offset 8 spans fields mark and
    /// queue_mapping` (Linux's `invalid bpf_context access`).
    public static Sentence contextAccess(String why) {
        return new Sentence("Invalid context access: " + why);
    }

    /// `Upper bound must be at most <bound>` (the context size, or a region size register).
    public static Sentence upperBound(String bound) {
        return new Sentence("Upper bound must be at most " + bound);
    }
}
