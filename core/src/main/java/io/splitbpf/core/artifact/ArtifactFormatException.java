package io.splitbpf.core.artifact;

/// An artifact's content that does not decode, or decodes to something inconsistent. The
/// message names the field and what is wrong with it.
public final class ArtifactFormatException extends Exception {
    public ArtifactFormatException(String message) {
        super(message);
    }

    public ArtifactFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
