package io.splitbpf.exec.conformance;

import java.nio.file.Path;
import java.util.Objects;

/// The outcome of one conformance file.
public record CaseResult(Path file, Status status, String detail) {
    public enum Status { PASSED, FAILED, SKIPPED }

    public CaseResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static CaseResult passed(Path file, String detail) {
        return new CaseResult(file, Status.PASSED, detail);
    }

    static CaseResult failed(Path file, String detail) {
        return new CaseResult(file, Status.FAILED, detail);
    }

    static CaseResult skipped(Path file, String reason) {
        return new CaseResult(file, Status.SKIPPED, reason);
    }
}
