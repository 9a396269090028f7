package io.splitbpf.cli.artifact;

import io.splitbpf.certs.sign.ArtifactVerifier;
import io.splitbpf.certs.sign.SignatureCheck;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.cli.Errors;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.artifact.ArtifactFormatException;
import io.splitbpf.core.artifact.DescriptorHash;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.core.thrift.AdmissionVerdict;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.Refusal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/// Whether a host with the trust anchors in `host/anchors` would admit an artifact for a
/// caller, decided here when no host runs to ask: the signature and its chain (certs'
/// [ArtifactVerifier]), then the checks the host makes on the content, in the host's order —
/// tenant, instruction digest, this platform's descriptor hash, the artifact's own validity.
/// The host itself may know more (a descriptor it changed); `artifact show` says which of the
/// two answered.
public final class LocalAdmissionCheck {
    private LocalAdmissionCheck() {}

    /// The verdict on `artifact` for `caller`, trusting what `anchors` holds, at `clock`'s instant.
    ///
    /// @throws IOException when the anchors cannot be read
    public static AdmissionVerdict check(Path anchors, byte[] artifact, String caller, Clock clock) throws IOException {
        SignatureCheck signature = new ArtifactVerifier(TrustAnchors.load(anchors), clock).verify(artifact);
        return switch (signature) {
            case SignatureCheck.Refused(var reason, var detail) -> refused(refusal(reason), detail);
            case SignatureCheck.Valid v -> content(v, caller, clock.instant());
        };
    }

    private static AdmissionVerdict content(SignatureCheck.Valid valid, String caller, Instant now) {
        ArtifactContent c;
        try {
            c = ArtifactCodec.decode(valid.content());
        } catch (ArtifactFormatException e) {
            return refused(Refusal.MALFORMED, Errors.oneLine(e));
        }
        return problem(c, caller, now).orElseGet(() -> new AdmissionVerdict(true, "signed by '" + valid.signer().getName()
                + "' (serial " + valid.serial().toString(16) + ")"));
    }

    /// The first reason the content is refused, if any.
    private static Optional<AdmissionVerdict> problem(ArtifactContent c, String caller, Instant now) {
        if (!c.getTenant().equals(caller)) {
            return Optional.of(refused(Refusal.WRONG_TENANT, "the artifact is for tenant '" + c.getTenant()
                    + "', the caller is '" + caller + "'"));
        }
        if (!Arrays.equals(ArtifactCodec.sha256(c.getInstructions()), c.getInstructionsDigest())) {
            return Optional.of(refused(Refusal.DIGEST_MISMATCH, "the instructions do not hash to the signed digest"));
        }
        Optional<ProgramType> type = ProgramType.ofId(c.getProgramType());
        Optional<ProgramTypeDescriptor> descriptor = type.flatMap(t -> t == ProgramType.UNSPEC
                ? Optional.of(ProgramTypeDescriptor.SOCKET_FILTER) : ProgramTypeDescriptor.of(t));
        if (descriptor.isEmpty()) {
            return Optional.of(refused(Refusal.UNSUPPORTED, "program type " + c.getProgramType()
                    + " has no descriptor on this platform"));
        }
        if (!Arrays.equals(DescriptorHash.of(descriptor.get(), c.getHelperIds()), c.getDescriptorHash())) {
            return Optional.of(refused(Refusal.DESCRIPTOR_CHANGED, "the " + descriptor.get().name()
                    + " descriptor or the helpers' prototypes differ from those it was verified against"));
        }
        if (now.toEpochMilli() > c.getExpiresAtMillis()) {
            return Optional.of(refused(Refusal.EXPIRED, "the artifact expired at " + Instant.ofEpochMilli(c.getExpiresAtMillis())));
        }
        if (now.toEpochMilli() < c.getIssuedAtMillis()) {
            return Optional.of(refused(Refusal.NOT_YET_VALID, "the artifact is issued at "
                    + Instant.ofEpochMilli(c.getIssuedAtMillis())));
        }
        return Optional.empty();
    }

    private static AdmissionVerdict refused(Refusal reason, String detail) {
        AdmissionVerdict v = new AdmissionVerdict(false, detail);
        v.setReason(reason);
        return v;
    }

    /// The host's name for a signature refusal.
    static Refusal refusal(SignatureCheck.Reason reason) {
        return switch (reason) {
            case BAD_SIGNATURE -> Refusal.BAD_SIGNATURE;
            case UNTRUSTED_CHAIN -> Refusal.UNTRUSTED_CHAIN;
            case WRONG_EKU -> Refusal.WRONG_KEY_USAGE;
            case EXPIRED -> Refusal.EXPIRED;
            case NOT_YET_VALID -> Refusal.NOT_YET_VALID;
            case REVOKED -> Refusal.REVOKED;
            case MALFORMED -> Refusal.MALFORMED;
        };
    }
}
