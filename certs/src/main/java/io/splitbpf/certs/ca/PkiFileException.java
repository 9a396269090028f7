package io.splitbpf.certs.ca;

import java.io.IOException;
import java.nio.file.Path;

/// A file of PKI state (a key, certificate, chain or revocation list) that is missing its
/// expected content, is malformed, or does not fit the rest of the state (a key that does
/// not match its certificate, a revocation list not signed by its issuer).
public final class PkiFileException extends IOException {
    private final Path file;

    /// @param file the offending file
    /// @param what a lowercase fragment saying what is wrong with it
    public PkiFileException(Path file, String what, Throwable cause) {
        super(file + ": " + what, cause);
        this.file = file;
    }

    /// @param file the offending file
    /// @param what a lowercase fragment saying what is wrong with it
    public PkiFileException(Path file, String what) {
        this(file, what, null);
    }

    /// The offending file.
    public Path file() {
        return file;
    }
}
