package io.splitbpf.certs.sign;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.Revocation;
import io.splitbpf.certs.internal.bc.CmsCodec;
import io.splitbpf.certs.sign.SignatureCheck.Reason;
import io.splitbpf.certs.sign.SignatureCheck.Refused;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/// Checks signed artifacts against [TrustAnchors] at the instant its [Clock] gives. An
/// artifact is [SignatureCheck.Valid] only if, in this order:
///
/// 1. it is a DER CMS SignedData with encapsulated content, one signer and that signer's
///    certificate (else `MALFORMED`);
/// 2. the signature verifies over the content with that certificate's key, using an allowed
///    algorithm (else `BAD_SIGNATURE`);
/// 3. the certificate chains to a trusted CA by PKIX path validation (else `UNTRUSTED_CHAIN`),
///    every certificate of the chain and the CA itself being valid at the instant (else
///    `EXPIRED` or `NOT_YET_VALID`);
/// 4. the signer certificate carries the [CertProfile#EBPF_VERIFICATION_EKU] extended key
///    usage and, if it has key usage, digitalSignature (else `WRONG_EKU`);
/// 5. no certificate of the chain is on its CA's revocation list (else `REVOKED`).
///
/// Certificates the artifact carries are only candidates for the path; trust comes from the
/// anchors alone. A revocation list past its nextUpdate still counts: its entries stay
/// revoked, and refusing every artifact because a list is stale would be a reason the host
/// cannot name (publishing fresh lists is the CA's job, [io.splitbpf.certs.ca.CertificateAuthority#refresh]).
public final class ArtifactVerifier {
    /// Larger inputs are refused as malformed before parsing.
    public static final int MAX_ARTIFACT_BYTES = 64 << 20;
    /// The longest chain considered, the signer included.
    private static final int MAX_CHAIN = 4;

    private final TrustAnchors anchors;
    private final Clock clock;

    /// A verifier trusting `anchors`, checking validity at `clock`'s instant.
    public ArtifactVerifier(TrustAnchors anchors, Clock clock) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /// Checks `artifact`; never throws for anything the bytes contain.
    public SignatureCheck verify(byte[] artifact) {
        Objects.requireNonNull(artifact, "artifact");
        if (artifact.length > MAX_ARTIFACT_BYTES) {
            return new Refused(Reason.MALFORMED, "artifact of " + artifact.length + " bytes exceeds the limit of "
                    + MAX_ARTIFACT_BYTES);
        }
        CmsCodec.Parsed parsed;
        try {
            parsed = CmsCodec.parse(artifact);
        } catch (CmsCodec.MalformedException e) {
            return new Refused(Reason.MALFORMED, "artifact of " + artifact.length + " bytes: " + chain(e));
        }
        X509Certificate signer = parsed.signerCertificate();
        Optional<String> badSignature = parsed.signatureFailure();
        if (badSignature.isPresent()) {
            return new Refused(Reason.BAD_SIGNATURE, "signature by " + describe(signer) + " does not verify: "
                    + badSignature.get());
        }
        Instant now = clock.instant();
        List<X509Certificate> path = new ArrayList<>(List.of(signer));
        Optional<Refused> refusal = buildPath(path, parsed.certificates())
                .or(() -> validatePath(path, now))
                .or(() -> checkUsage(signer))
                .or(() -> checkRevocation(path));
        if (refusal.isPresent()) return refusal.get();
        return new SignatureCheck.Valid(signer.getSubjectX500Principal(), signer.getSerialNumber(), parsed.content());
    }

    /// Extends `path` (the signer) with certificates from `carried` until it reaches one issued
    /// by a trusted CA. Each step must be a signature that verifies, so a carried certificate
    /// that merely borrows a name is skipped.
    private Optional<Refused> buildPath(List<X509Certificate> path, List<X509Certificate> carried) {
        while (!anchors.trustsIssuerOf(path.getLast())) {
            X509Certificate child = path.getLast();
            Optional<X509Certificate> parent = carried.stream()
                    .filter(c -> !path.contains(c) && c.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                    .filter(c -> signs(c, child))
                    .findFirst();
            if (parent.isEmpty() || path.size() >= MAX_CHAIN) {
                String end = path.size() == 1 ? "it is issued by "
                        : "its chain ends at " + describe(child) + ", issued by ";
                return Optional.of(new Refused(Reason.UNTRUSTED_CHAIN, describe(path.getFirst())
                        + " does not chain to a trusted CA: " + end + child.getIssuerX500Principal().getName()));
            }
            path.add(parent.get());
        }
        return Optional.empty();
    }

    /// PKIX-validates `path` (signer first, anchor excluded) at `now`, then the validity of the
    /// anchor it reached, which PKIX does not check.
    private Optional<Refused> validatePath(List<X509Certificate> path, Instant now) {
        PKIXCertPathValidatorResult result;
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors.pkixAnchors());
            parameters.setRevocationEnabled(false); // checked against our own lists, with a precise reason
            parameters.setDate(Date.from(now));
            result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            X509Certificate culprit = index >= 0 && index < path.size() ? path.get(index) : path.getFirst();
            return Optional.of(pathRefusal(e, culprit, now));
        } catch (GeneralSecurityException e) {
            return Optional.of(new Refused(Reason.UNTRUSTED_CHAIN, "cannot validate the chain of "
                    + describe(path.getFirst()) + ": " + chain(e)));
        }
        return checkTime(result.getTrustAnchor().getTrustedCert(), now, "trusted CA ");
    }

    private static Refused pathRefusal(CertPathValidatorException e, X509Certificate culprit, Instant now) {
        if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
            Optional<Refused> time = checkTime(culprit, now, "");
            if (time.isPresent()) return time.get();
        }
        return new Refused(Reason.UNTRUSTED_CHAIN, describe(culprit) + " does not chain to a trusted CA: " + chain(e));
    }

    private static Optional<Refused> checkTime(X509Certificate certificate, Instant now, String role) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of(new Refused(Reason.EXPIRED, role + describe(certificate) + " expired at " + notAfter
                    + " (checked at " + now + ")"));
        }
        if (now.isBefore(notBefore)) {
            return Optional.of(new Refused(Reason.NOT_YET_VALID, role + describe(certificate) + " is not valid before "
                    + notBefore + " (checked at " + now + ")"));
        }
        return Optional.empty();
    }

    private static Optional<Refused> checkUsage(X509Certificate signer) {
        List<String> usages;
        try {
            usages = signer.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of(new Refused(Reason.WRONG_EKU, describe(signer) + " has an unreadable extended key usage"));
        }
        if (usages == null || !usages.contains(CertProfile.EBPF_VERIFICATION_EKU)) {
            return Optional.of(new Refused(Reason.WRONG_EKU, describe(signer)
                    + " lacks the eBPF program verification extended key usage " + CertProfile.EBPF_VERIFICATION_EKU
                    + " (has " + (usages == null ? "none" : String.join(", ", usages)) + ")"));
        }
        boolean[] keyUsage = signer.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            return Optional.of(new Refused(Reason.WRONG_EKU, describe(signer)
                    + " may not make digital signatures (no digitalSignature key usage)"));
        }
        return Optional.empty();
    }

    private Optional<Refused> checkRevocation(List<X509Certificate> path) {
        for (X509Certificate certificate : path) {
            Optional<Revocation> entry = anchors.revocation(certificate);
            if (entry.isPresent()) {
                Revocation r = entry.get();
                return Optional.of(new Refused(Reason.REVOKED, describe(certificate) + " was revoked at "
                        + r.revokedAt() + " (" + r.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"));
            }
        }
        return Optional.empty();
    }

    private static boolean signs(X509Certificate issuer, X509Certificate child) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /// `certificate 'CN=…,OU=…,O=…' (serial 1f…)`: how refusals name a certificate.
    static String describe(X509Certificate certificate) {
        return "certificate '" + certificate.getSubjectX500Principal().getName() + "' (serial "
                + certificate.getSerialNumber().toString(16) + ")";
    }

    private static String chain(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !text.toString().contains(c.getMessage())) text.append(": ").append(c.getMessage());
        }
        return text.toString();
    }
}
