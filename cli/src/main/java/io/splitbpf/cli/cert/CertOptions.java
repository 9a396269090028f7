package io.splitbpf.cli.cert;

import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/// What the `cert` commands share: the PKI of a state directory, and how they print paths.
final class CertOptions {
    private CertOptions() {}

    static Pki pki(StateLayout state) {
        return Pki.at(state, Clock.systemUTC());
    }

    /// `--validity DAYS` as a duration, or null for each profile's default.
    static Duration validity(Integer days) {
        if (days == null) {
            return null;
        }
        if (days < 1 || days > 36_500) {
            throw CommandException.badInput("--validity " + days + ": expected 1 to 36500 days");
        }
        return Duration.ofDays(days);
    }

    /// `file` relative to the state directory when it is inside it.
    static String relative(StateLayout state, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(state.root()) ? state.root().relativize(abs).toString() : abs.toString();
    }
}
