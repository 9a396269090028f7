package io.splitbpf.verifier;

/// How much of the analysis a report carries.
public enum ReportLevel {
    /// The findings only (a renderer shows the first and a count).
    SUMMARY,
    /// Also the invariants before and after each failing instruction.
    SLICE,
    /// Also the invariant before every instruction.
    FULL
}
