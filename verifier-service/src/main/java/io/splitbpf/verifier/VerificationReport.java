package io.splitbpf.verifier;

import io.splitbpf.verifier.report.Finding;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
/// @param invariants the invariant before each instruction (level FULL), or before each
///        failing instruction (level SLICE), by pc; outermost frame only
/// @param postInvariants the state after each failing instruction had it run (levels SLICE and
///        FULL), by pc; outermost frame only
public record VerificationReport(Verdict verdict, String programDigest, String verifierVersion, VerifierOptions options,
                                 List<Finding> findings, Optional<ValueRange> exitRange, VerificationStats stats,
                                 SortedMap<Integer, String> invariants, SortedMap<Integer, String> postInvariants) {
    public VerificationReport {
        Objects.requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        invariants = Collections.unmodifiableSortedMap(new TreeMap<>(invariants));
        postInvariants = Collections.unmodifiableSortedMap(new TreeMap<>(postInvariants));
    }

    /// A report without post-states.
    public VerificationReport(Verdict verdict, String programDigest, String verifierVersion, VerifierOptions options,
                              List<Finding> findings, Optional<ValueRange> exitRange, VerificationStats stats,
                              SortedMap<Integer, String> invariants) {
        this(verdict, programDigest, verifierVersion, options, findings, exitRange, stats, invariants, new TreeMap<>(Map.of()));
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
