package io.splitbpf.certs.sign;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/// The outcome of [ArtifactVerifier#verify]: the artifact is [Valid], with the content that
/// was signed, or [Refused] with the reason and a sentence that names the certificate.
///
/// ```
/// SignatureCheck = Valid(signer subject, signer serial, content) | Refused(Reason, detail)
/// ```
public sealed interface SignatureCheck {

    /// Why an artifact was refused. Hosts map these to their own admission reasons.
    enum Reason {
        /// The signature does not verify over the content with the signer certificate's key,
        /// or uses an algorithm that is not allowed.
        BAD_SIGNATURE,
        /// The signer's certificate does not chain to a trusted CA.
        UNTRUSTED_CHAIN,
        /// The signer's certificate lacks the "eBPF program verification" extended key usage
        /// (or the digitalSignature key usage).
        WRONG_EKU,
        /// A certificate of the chain (or the CA) had expired at the instant of the check.
        EXPIRED,
        /// A certificate of the chain (or the CA) was not yet valid at the instant of the check.
        NOT_YET_VALID,
        /// A certificate of the chain is on its CA's revocation list.
        REVOKED,
        /// The bytes are not a single-signer CMS SignedData with encapsulated content and the
        /// signer's certificate.
        MALFORMED
    }

    /// The signature holds: `content` is exactly what the signer signed.
    ///
    /// @param signer the signer certificate's subject
    /// @param serial the signer certificate's serial number
    /// @param content the signed bytes (copied in and out)
    record Valid(X500Principal signer, BigInteger serial, byte[] content) implements SignatureCheck {
        public Valid {
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(serial, "serial");
            content = content.clone();
        }

        /// The signed bytes, a copy.
        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Valid v && signer.equals(v.signer) && serial.equals(v.serial)
                    && Arrays.equals(content, v.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(signer, serial, Arrays.hashCode(content));
        }

        @Override
        public String toString() {
            return "Valid[signer " + signer.getName() + ", serial " + serial.toString(16) + ", "
                    + content.length + " bytes]";
        }
    }

    /// The artifact must not be used.
    ///
    /// @param reason the kind of failure
    /// @param detail a lowercase sentence fragment saying why, naming the certificate's subject
    ///        and serial whenever one was involved
    record Refused(Reason reason, String detail) implements SignatureCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + detail;
        }
    }

    /// Whether the artifact may be used.
    default boolean isValid() {
        return this instanceof Valid;
    }
}
