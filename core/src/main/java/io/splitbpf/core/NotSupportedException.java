package io.splitbpf.core;

/// A well-formed input uses a feature that splitbpf does not support (in this build).
public class NotSupportedException extends RuntimeException {
    private final String feature;

    public NotSupportedException(String feature, String message) {
        super(message);
        this.feature = feature;
    }

    /// The feature's name, e.g. `interpreter` or `BTF kind 19`.
    public String feature() {
        return feature;
    }
}
