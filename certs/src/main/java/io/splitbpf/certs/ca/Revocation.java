package io.splitbpf.certs.ca;

import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/// One entry of a [RevocationList]: the certificate with `serial` was revoked at `revokedAt`
/// for `reason`.
///
/// @param serial the revoked certificate's serial number
/// @param reason why (RFC 5280 CRLReason)
/// @param revokedAt when, in whole seconds
public record Revocation(BigInteger serial, CRLReason reason, Instant revokedAt) {
    public Revocation {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (serial.signum() <= 0) throw new IllegalArgumentException("serial must be positive, got " + serial);
        if (reason == CRLReason.REMOVE_FROM_CRL) {
            throw new IllegalArgumentException("removeFromCRL is for delta CRLs, which this CA does not publish");
        }
        revokedAt = revokedAt.truncatedTo(ChronoUnit.SECONDS);
    }
}
