package io.splitbpf.exec.admission;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/// The host refuses an artifact: why ([Reason]) and a detail naming the specific problem (the
/// certificate's subject and serial, the field, the tenant, the digests).
public final class AdmissionException extends Exception {
    /// Why an artifact was refused. The names are those of the host service's `Refusal`.
    public enum Reason {
        /// Too large, not a CMS SignedData, or its content does not decode or is inconsistent.
        MALFORMED,
        /// The signature does not verify over the content.
        BAD_SIGNATURE,
        /// The signer's certificate does not chain to a trusted CA.
        UNTRUSTED_CHAIN,
        /// The signer's certificate lacks the eBPF program verification extended key usage.
        WRONG_KEY_USAGE,
        /// The signer's certificate, its CA or the artifact itself has expired.
        EXPIRED,
        /// The signer's certificate or the artifact is not valid yet.
        NOT_YET_VALID,
        /// A certificate of the signer's chain is revoked.
        REVOKED,
        /// The artifact was signed for another tenant than the caller.
        WRONG_TENANT,
        /// The instructions do not hash to the signed digest.
        DIGEST_MISMATCH,
        /// The program type's descriptor or a helper's prototype differs on this host.
        DESCRIPTOR_CHANGED,
        /// A program type, map type, helper or binding this host cannot run.
        UNSUPPORTED;

        /// The reason in words: `wrong tenant`.
        public String describe() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private final Reason reason;
    private final String detail;
    private final String programName;

    /// A refusal for `reason`; `programName` is the artifact's program when its content was
    /// read, else empty.
    public AdmissionException(Reason reason, String detail, String programName) {
        super(reason.describe() + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.programName = Objects.requireNonNull(programName, "programName");
    }

    /// Why.
    public Reason reason() {
        return reason;
    }

    /// The specific problem, a lowercase sentence fragment.
    public String detail() {
        return detail;
    }

    /// The program the artifact carries, when its content was read that far.
    public Optional<String> programName() {
        return programName.isEmpty() ? Optional.empty() : Optional.of(programName);
    }
}
