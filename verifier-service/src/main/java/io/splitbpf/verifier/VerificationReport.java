package io.splitbpf.verifier;

import io.splitbpf.verifier.report.Finding;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/// The result of verifying one program: a rejection is a result, not an exception.
///
/// @param verdict accepted or rejected
/// @param programDigest the SHA-256 of the program's instruction bytes, in hex
/// @param verifierVersion the version of this verifier
/// @param options the options it ran with
/// @param findings errors and notes, by pc
/// @param exitRange r0's range at the program's exit, when accepted
/// @param stats cost and loop statistics
/// @param invariants the invariant before each instruction (level FULL), by pc
public record VerificationReport(Verdict verdict, String programDigest, String verifierVersion, VerifierOptions options,
                                 List<Finding> findings, Optional<ValueRange> exitRange, VerificationStats stats,
                                 SortedMap<Integer, String> invariants) {
    public VerificationReport {
        Objects.requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        invariants = Collections.unmodifiableSortedMap(new TreeMap<>(invariants));
    }

    /// The findings that reject the program.
    public List<Finding> errors() {
        return findings.stream().filter(Finding::error).toList();
    }

    /// The first error and how many more follow, e.g. `7: Possible null access (...) (2 more
    /// findings)`; `accepted` when there is none.
    public String summary() {
        List<Finding> errors = errors();
        if (errors.isEmpty()) {
            return "accepted";
        }
        return errors.getFirst() + (errors.size() > 1 ? " (" + (errors.size() - 1) + " more findings)" : "");
    }
}
