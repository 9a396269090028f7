package io.splitbpf.verifier.report;

import java.util.Objects;

/// One verification finding, rendered PREVAIL's way as `<pc>: <sentence> (<assertion>)`.
///
/// @param pc the instruction index (slot) the finding is at, or -1 for the program as a whole
/// @param sentence a fixed sentence from the catalogue of its kind
/// @param assertion the text of the assertion or structural fact that failed
/// @param error whether the finding rejects the program (unreachable code is only reported)
public record Finding(int pc, String sentence, String assertion, boolean error) implements Comparable<Finding> {
    public Finding {
        Objects.requireNonNull(sentence, "sentence");
        Objects.requireNonNull(assertion, "assertion");
    }

    @Override
    public int compareTo(Finding o) {
        int c = Integer.compare(pc, o.pc);
        return c != 0 ? c : toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return pc + ": " + sentence + (assertion.isEmpty() ? "" : " (" + assertion + ")");
    }
}
