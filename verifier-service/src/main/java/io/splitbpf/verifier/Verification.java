package io.splitbpf.verifier;

import java.util.List;
import java.util.Objects;

/// A verification's report and, when the program was accepted, the facts its invariants prove
/// (none when it was rejected: a rejected program's invariants prove nothing about its runs).
///
/// @param report the report
/// @param facts the proven facts, by pc (the whole-program facts first)
public record Verification(VerificationReport report, List<ProvenFact> facts) {
    public Verification {
        Objects.requireNonNull(report, "report");
        facts = List.copyOf(facts);
        if (report.verdict() == Verdict.REJECTED && !facts.isEmpty()) {
            throw new IllegalArgumentException("a rejected program proves no facts");
        }
    }
}
