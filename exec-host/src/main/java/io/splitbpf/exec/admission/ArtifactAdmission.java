package io.splitbpf.exec.admission;

import io.splitbpf.certs.sign.ArtifactVerifier;
import io.splitbpf.certs.sign.SignatureCheck;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.artifact.ArtifactContents;
import io.splitbpf.core.artifact.ArtifactFormatException;
import io.splitbpf.core.artifact.DescriptorHash;
import io.splitbpf.core.artifact.VerifiedProgram;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.platform.HelperId;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.ArtifactMap;
import io.splitbpf.core.thrift.ArtifactSlot;
import io.splitbpf.exec.admission.AdmissionException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/// Decides whether this host admits an artifact for a caller. The checks run in this order,
/// and the first that fails gives the refusal:
///
/// | check | refusal |
/// | --- | --- |
/// | at most [#MAX_ARTIFACT_BYTES] | `MALFORMED` |
/// | CMS signature, chain to a trusted CA, program-verification EKU, validity, revocation ([ArtifactVerifier] at the host's clock) | `MALFORMED`, `BAD_SIGNATURE`, `UNTRUSTED_CHAIN`, `WRONG_KEY_USAGE`, `EXPIRED`, `NOT_YET_VALID`, `REVOKED` |
/// | the content decodes canonically ([ArtifactCodec#decode]) | `MALFORMED` |
/// | the artifact's own issue and expiry times | `NOT_YET_VALID`, `EXPIRED` |
/// | its tenant is the caller | `WRONG_TENANT` |
/// | the instructions hash to `instructionsDigest` | `DIGEST_MISMATCH` |
/// | the descriptor hash equals this host's, for its program type and helpers | `DESCRIPTOR_CHANGED` (`UNSUPPORTED` for a type without descriptor) |
/// | every map type is implemented here | `UNSUPPORTED` |
/// | the program decodes, its helper list and map references are consistent | `MALFORMED` |
/// | the program type, helpers and prog_array slots are runnable here ([HostPlatform]) | `UNSUPPORTED` |
///
/// Nothing is created while checking: an admitted artifact is then loaded by the daemon.
public final class ArtifactAdmission {
    /// The largest artifact considered: the largest content plus room for the envelope and chain.
    public static final int MAX_ARTIFACT_BYTES = ArtifactCodec.MAX_CONTENT_BYTES + (1 << 20);
    /// How far in the future an artifact's issue time may lie (clocks of the verifier's and
    /// the host's machines differ a little).
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Supplier<TrustAnchors> anchors;
    private final Clock clock;
    private final HostPlatform platform;

    /// Admission against `anchors` (asked anew for every artifact, so a new CRL counts at
    /// once), at `clock`'s instant, for what `platform` can run.
    public ArtifactAdmission(Supplier<TrustAnchors> anchors, Clock clock, HostPlatform platform) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.platform = Objects.requireNonNull(platform, "platform");
    }

    /// Admits `artifact` for `caller` (whose certificate's common name is its tenant).
    ///
    /// @throws AdmissionException naming the reason and the specific problem
    public Admitted admit(byte[] artifact, PeerIdentity caller) throws AdmissionException {
        return admit(artifact, caller.name());
    }

    /// Admits `artifact` for tenant `tenant` (also how the daemon re-admits its stored
    /// artifacts when it restarts).
    ///
    /// @throws AdmissionException naming the reason and the specific problem
    public Admitted admit(byte[] artifact, String tenant) throws AdmissionException {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(tenant, "tenant");
        if (artifact.length > MAX_ARTIFACT_BYTES) {
            throw new AdmissionException(Reason.MALFORMED, "artifact of " + artifact.length
                    + " bytes exceeds the limit of " + MAX_ARTIFACT_BYTES + " bytes", "");
        }
        SignatureCheck.Valid valid = signature(artifact);
        ArtifactContent content = decode(valid.content());
        checkTimes(content, clock.instant());
        checkTenant(content, tenant);
        checkDigest(content);
        ProgramTypeDescriptor descriptor = descriptor(content);
        checkDescriptorHash(content, descriptor);
        checkMapTypes(content);
        VerifiedProgram program = program(content);
        checkRunnable(content, program);
        return new Admitted(program, content, descriptor, valid.signer().getName(), valid.serial().toString(16),
                artifact);
    }

    /// SHA-256 of `artifact`, in hex.
    public static String digestOf(byte[] artifact) {
        return HexFormat.of().formatHex(ArtifactCodec.sha256(artifact));
    }

    private SignatureCheck.Valid signature(byte[] artifact) throws AdmissionException {
        return switch (new ArtifactVerifier(anchors.get(), clock).verify(artifact)) {
            case SignatureCheck.Valid v -> v;
            case SignatureCheck.Refused(var reason, var detail) -> throw new AdmissionException(reason(reason), detail, "");
        };
    }

    /// The admission reason for a signature refusal.
    static Reason reason(SignatureCheck.Reason reason) {
        return switch (reason) {
            case BAD_SIGNATURE -> Reason.BAD_SIGNATURE;
            case UNTRUSTED_CHAIN -> Reason.UNTRUSTED_CHAIN;
            case WRONG_EKU -> Reason.WRONG_KEY_USAGE;
            case EXPIRED -> Reason.EXPIRED;
            case NOT_YET_VALID -> Reason.NOT_YET_VALID;
            case REVOKED -> Reason.REVOKED;
            case MALFORMED -> Reason.MALFORMED;
        };
    }

    private static ArtifactContent decode(byte[] signed) throws AdmissionException {
        try {
            return ArtifactCodec.decode(signed);
        } catch (ArtifactFormatException e) {
            throw new AdmissionException(Reason.MALFORMED, e.getMessage(), "");
        }
    }

    private static void checkTimes(ArtifactContent c, Instant now) throws AdmissionException {
        Instant issued = Instant.ofEpochMilli(c.getIssuedAtMillis());
        Instant expires = Instant.ofEpochMilli(c.getExpiresAtMillis());
        if (now.isAfter(expires)) {
            throw refusal(Reason.EXPIRED, "the artifact of program '" + c.getProgramName() + "' expired at " + expires
                    + " (checked at " + now + ")", c);
        }
        if (issued.isAfter(now.plus(CLOCK_SKEW))) {
            throw refusal(Reason.NOT_YET_VALID, "the artifact of program '" + c.getProgramName() + "' is issued at "
                    + issued + ", later than the host's " + now + " plus " + CLOCK_SKEW.toMinutes()
                    + " minutes of clock skew", c);
        }
    }

    private static void checkTenant(ArtifactContent c, String caller) throws AdmissionException {
        if (!c.getTenant().equals(caller)) {
            throw refusal(Reason.WRONG_TENANT, "the artifact was signed for tenant '" + c.getTenant()
                    + "', but the caller is '" + caller + "'", c);
        }
    }

    private static void checkDigest(ArtifactContent c) throws AdmissionException {
        byte[] actual = ArtifactCodec.sha256(c.getInstructions());
        if (!Arrays.equals(actual, c.getInstructionsDigest())) {
            throw refusal(Reason.DIGEST_MISMATCH, "instructionsDigest " + hex(c.getInstructionsDigest())
                    + " is not the SHA-256 of the " + c.getInstructions().length / 8 + " instruction slots ("
                    + hex(actual) + ")", c);
        }
    }

    private static ProgramTypeDescriptor descriptor(ArtifactContent c) throws AdmissionException {
        Optional<ProgramType> type = ProgramType.ofId(c.getProgramType());
        if (type.isEmpty()) {
            throw refusal(Reason.UNSUPPORTED, "program type " + c.getProgramType() + " is unknown to this host", c);
        }
        // The attach type picks the descriptor's variant (return range) as the verifier did.
        Optional<AttachType> attach = c.getAttachType() == -1 ? Optional.empty() : AttachType.ofId(c.getAttachType());
        if (c.getAttachType() != -1 && attach.isEmpty()) {
            throw refusal(Reason.UNSUPPORTED, "attach type " + c.getAttachType() + " is unknown to this host", c);
        }
        return ProgramTypeDescriptor.of(type.get(), attach).orElseThrow(() -> refusal(Reason.UNSUPPORTED,
                "program type " + type.get().bpftoolName() + " has no descriptor on this host", c));
    }

    private static void checkDescriptorHash(ArtifactContent c, ProgramTypeDescriptor d) throws AdmissionException {
        byte[] mine = DescriptorHash.of(d, c.getHelperIds());
        if (!Arrays.equals(mine, c.getDescriptorHash())) {
            throw refusal(Reason.DESCRIPTOR_CHANGED, "the signed descriptor hash " + hex(c.getDescriptorHash())
                    + " differs from this host's " + hex(mine) + " for program type " + d.name() + " and helpers "
                    + c.getHelperIds(), c);
        }
    }

    private void checkMapTypes(ArtifactContent c) throws AdmissionException {
        for (int i = 0; i < c.getMapsSize(); i++) {
            ArtifactMap m = c.getMaps().get(i);
            Optional<MapType> type = MapType.ofId(m.getType());
            if (type.isEmpty() || !platform.mapTypes().contains(type.get())) {
                throw refusal(Reason.UNSUPPORTED, "map '" + m.getName() + "' (maps[" + i + "]) is of type "
                        + type.map(MapType::bpftoolName).orElse(Integer.toString(m.getType()))
                        + ", which this host does not implement", c);
            }
        }
    }

    private static VerifiedProgram program(ArtifactContent c) throws AdmissionException {
        VerifiedProgram program;
        try {
            program = ArtifactContents.program(c);
        } catch (ArtifactFormatException e) {
            throw refusal(Reason.MALFORMED, e.getMessage(), c);
        }
        List<Integer> called = List.copyOf(program.helperIds());
        if (!called.equals(c.getHelperIds())) {
            throw refusal(Reason.MALFORMED, "helperIds " + c.getHelperIds()
                    + " are not the helpers the instructions call " + called, c);
        }
        for (LabeledInsn li : program.program().insns().insns()) {
            if (li.insn() instanceof LoadImm64 l && l.source().isMapReference()
                    && (l.imm() < 0 || l.imm() >= c.getMapsSize())) {
                throw refusal(Reason.MALFORMED, "instruction " + li.pc() + " references map #" + l.imm()
                        + ", but the artifact has " + c.getMapsSize() + " maps", c);
            }
        }
        return program;
    }

    private void checkRunnable(ArtifactContent c, VerifiedProgram program) throws AdmissionException {
        ProgramType type = program.program().type();
        if (!platform.programTypes().contains(type)) {
            throw refusal(Reason.UNSUPPORTED, "program type " + type.bpftoolName() + " cannot run on this host (it runs "
                    + String.join(", ", platform.programTypes().stream().map(ProgramType::bpftoolName).sorted().toList())
                    + ")", c);
        }
        for (int id : program.helperIds()) {
            if (!platform.helperIds().contains(id)) {
                throw refusal(Reason.UNSUPPORTED, "helper " + id + " (" + HelperId.of(id).map(HelperId::name)
                        .orElse("unknown") + ") is not provided by this host", c);
            }
        }
        for (ArtifactMap m : c.getMaps()) {
            for (ArtifactSlot slot : m.getInitialSlots()) {
                if (!slot.getTarget().equals(c.getProgramName())) {
                    throw refusal(Reason.UNSUPPORTED, "map '" + m.getName() + "' slot " + slot.getSlot()
                            + " names program '" + slot.getTarget() + "', which this artifact does not carry"
                            + " (an artifact holds one program; only its own slots can be filled at load)", c);
                }
            }
        }
    }

    private static AdmissionException refusal(Reason reason, String detail, ArtifactContent c) {
        return new AdmissionException(reason, detail, c.getProgramName());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
