package io.splitbpf.certs.ca;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/// A certificate's validity period, `notBefore` to `notAfter` inclusive, in whole seconds
/// (X.509 times have no finer resolution, so finer parts are dropped here rather than by
/// the encoder).
///
/// @param notBefore the first instant the certificate is valid
/// @param notAfter the last instant the certificate is valid
public record Validity(Instant notBefore, Instant notAfter) {
    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("validity ends (" + notAfter + ") before it starts (" + notBefore + ")");
        }
    }

    /// The period of length `length` that starts at `start`.
    public static Validity starting(Instant start, Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("validity length must be positive, got " + length);
        }
        return new Validity(start, start.plus(length));
    }

    /// Whether `instant` lies within the period.
    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
