package io.splitbpf.verifier;

/// Whether a program was proven safe.
public enum Verdict {
    /// Every assertion holds on every path: the program may be signed.
    ACCEPTED,
    /// At least one finding is an error.
    REJECTED
}
