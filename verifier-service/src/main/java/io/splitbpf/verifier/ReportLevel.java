package io.splitbpf.verifier;

import java.util.Arrays;
import java.util.Optional;

/// How much of the analysis a report carries, and how much a renderer shows.
public enum ReportLevel {
    /// The findings only (a renderer shows the first error and a count).
    SUMMARY("normal"),
    /// Also the invariants before and after each failing instruction.
    SLICE("informational"),
    /// Also the invariant before every instruction.
    FULL("verbose");

    private final String displayName;

    ReportLevel(String displayName) {
        this.displayName = displayName;
    }

    /// The name the CLI and the JSON report use: `normal`, `informational` or `verbose`.
    public String displayName() {
        return displayName;
    }

    /// The level called `name` ([#displayName()]), if any.
    public static Optional<ReportLevel> ofDisplayName(String name) {
        return Arrays.stream(values()).filter(l -> l.displayName.equals(name)).findFirst();
    }
}
