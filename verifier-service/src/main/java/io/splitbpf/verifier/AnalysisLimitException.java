package io.splitbpf.verifier;

import java.util.Objects;

/// A verification stopped because its [AnalysisBudget] ran out. It says nothing about the
/// program's safety: the program was neither accepted nor rejected.
public final class AnalysisLimitException extends RuntimeException {
    /// Which bound was reached.
    public enum Limit {
        /// The wall-clock deadline.
        TIME,
        /// The number of analysis steps.
        STEPS
    }

    private final Limit limit;

    /// A stop because of `limit`; `message` says what the limit was.
    public AnalysisLimitException(Limit limit, String message) {
        super(message);
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /// Which bound was reached.
    public Limit limit() {
        return limit;
    }
}
