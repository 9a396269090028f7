package io.splitbpf.certs.sign;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.internal.bc.CmsCodec;
import java.time.Clock;
import java.util.Objects;

/// Signs artifacts as DER CMS SignedData (RFC 5652): the content is encapsulated, so a signed
/// artifact is self-contained; SHA-256 with ECDSA P-256 (or Ed25519 with SHA-512 as RFC 8419
/// requires); the signer's certificate chain is embedded so a host needs only the CA.
///
/// It signs whatever it is given: deciding what deserves a signature (a program the verifier
/// proved in the same request) is the verifier service's job.
public final class ArtifactSigner {
    private final Credential credential;
    private final Clock clock;

    /// A signer using `credential` (key and chain, checked to match when the credential was
    /// made); `clock` supplies the informational signing-time attribute.
    public ArtifactSigner(Credential credential, Clock clock) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /// The DER CMS SignedData over `content`.
    public byte[] sign(byte[] content) {
        Objects.requireNonNull(content, "content");
        return CmsCodec.sign(content, credential.key(), credential.chain(), clock.instant());
    }

    /// The credential this signer signs with (its `toString` does not show the key).
    public Credential credential() {
        return credential;
    }

    @Override
    public String toString() {
        return "ArtifactSigner[" + credential + "]";
    }
}
