package io.splitbpf.exec.admission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.ca.RevocationList;
import io.splitbpf.certs.ca.Validity;
import io.splitbpf.certs.sign.ArtifactSigner;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.Refusal;
import io.splitbpf.exec.admission.AdmissionException.Reason;
import java.security.cert.CRLReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/// The admission matrix: a valid artifact is admitted; every way of breaking one — a byte
/// flipped in the envelope or in any field of the signed content, a signer without the EKU,
/// expired, not yet valid, revoked or from another CA, another tenant's artifact, and
/// inconsistent content signed validly (wrong digest, changed descriptor hash, expired, bad
/// helper list) — is refused with its own reason and a detail naming the problem.
class ArtifactAdmissionTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final CertificateAuthority CA = CertificateAuthority.create("splitbpf CA", KeyAlgorithm.EC_P256,
            Validity.starting(NOW.minus(Duration.ofDays(30)), Duration.ofDays(3650)), CLOCK);
    static final Credential SIGNER = CA.issue(CertProfile.VERIFIER_SIGNING, "ebpf-verifier-signing",
            Validity.starting(NOW.minus(Duration.ofDays(1)), Duration.ofDays(365)));
    static final TrustAnchors ANCHORS = TrustAnchors.of(List.of(CA.certificate()), List.of(CA.revocationList()));
    static final ArtifactAdmission ADMISSION = new ArtifactAdmission(() -> ANCHORS, CLOCK, HostPlatform.current());

    static ArtifactContent xdp(String tenant) {
        return TestArtifacts.content("xdp_proto_count.o", "xdp_proto_count", tenant, NOW.minusSeconds(60),
                Duration.ofDays(7));
    }

    static byte[] signed(ArtifactContent content) {
        return TestArtifacts.sign(content, SIGNER, CLOCK);
    }

    static AdmissionException refused(byte[] artifact, String tenant) {
        return assertThrows(AdmissionException.class, () -> ADMISSION.admit(artifact, tenant));
    }

    static void assertRefused(Reason reason, String detailPart, byte[] artifact) {
        AdmissionException e = refused(artifact, "alice");
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.detail().contains(detailPart), "'" + e.detail() + "' should name '" + detailPart + "'");
    }

    @Test
    void aValidArtifactIsAdmittedWithItsSigner() throws AdmissionException {
        byte[] artifact = signed(xdp("alice"));
        Admitted a = ADMISSION.admit(artifact, "alice");
        assertEquals("xdp_proto_count", a.name());
        assertEquals(SIGNER.certificate().getSubjectX500Principal().getName(), a.signer());
        assertEquals(SIGNER.certificate().getSerialNumber().toString(16), a.signerSerial());
        assertEquals(1, a.program().maps().size());
        assertEquals("rxcnt", a.program().maps().getFirst().name());
        assertArrayEquals(artifact, a.artifact());
        assertEquals(64, a.digest().length());
    }

    @Test
    void theReasonsAreTheServiceRefusals() {
        assertEquals(Arrays.stream(Refusal.values()).map(Enum::name).sorted().toList(),
                Arrays.stream(Reason.values()).map(Enum::name).sorted().toList());
    }

    @Test
    void oversizedAndGarbageBytesAreMalformed() {
        assertRefused(Reason.MALFORMED, "exceeds the limit", new byte[ArtifactAdmission.MAX_ARTIFACT_BYTES + 1]);
        assertRefused(Reason.MALFORMED, "artifact of 9 bytes", "not a CMS".getBytes());
        assertRefused(Reason.MALFORMED, "artifact of 0 bytes", new byte[0]);
    }

    @Test
    void flippingTheEnvelopeIsRefused() {
        byte[] artifact = signed(xdp("alice"));
        byte[] header = artifact.clone();
        header[0] ^= 0x01;
        assertEquals(Reason.MALFORMED, refused(header, "alice").reason());
        byte[] signature = artifact.clone();
        signature[signature.length - 1] ^= 0x01;
        assertEquals(Reason.BAD_SIGNATURE, refused(signature, "alice").reason());
    }

    /// A byte flipped in each field of the signed content: the signature no longer verifies.
    @TestFactory
    Stream<DynamicTest> flippingAnyContentFieldIsABadSignature() {
        ArtifactContent content = xdp("alice");
        byte[] encoded = ArtifactCodec.encode(content);
        byte[] artifact = signed(content);
        int start = TestArtifacts.indexOf(artifact, encoded);
        assertTrue(start > 0, "the content is encapsulated whole");
        List<Field> fields = List.of(
                new Field("formatVersion", header(8, 1), 3),
                new Field("tenant", "alice".getBytes(), 0),
                new Field("programName", "xdp_proto_count".getBytes(), 4),
                new Field("programType", header(8, 5), 6),
                new Field("instructions", Arrays.copyOf(content.getInstructions(), 16), 9),
                new Field("instructionsDigest", content.getInstructionsDigest(), 31),
                new Field("maps (name)", "rxcnt".getBytes(), 2),
                new Field("helperIds", header(15, 12), 8),
                new Field("descriptorHash", content.getDescriptorHash(), 0),
                new Field("verifierVersion", "test-verifier".getBytes(), 5),
                new Field("issuedAtMillis", header(10, 17), 10),
                new Field("expiresAtMillis", header(10, 18), 10),
                new Field("license", "GPL".getBytes(), 0));
        return fields.stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            int at = TestArtifacts.indexOf(encoded, f.marker());
            assertTrue(at >= 0, f.name() + " is in the content");
            byte[] tampered = artifact.clone();
            tampered[start + at + f.skip()] ^= 0x04;
            AdmissionException e = refused(tampered, "alice");
            assertEquals(Reason.BAD_SIGNATURE, e.reason(), f.name() + ": " + e.getMessage());
            assertTrue(e.detail().contains("ebpf-verifier-signing"), e.detail());
        }));
    }

    record Field(String name, byte[] marker, int skip) {}

    /// A Thrift binary field header: type byte, then the field id as a big-endian i16.
    static byte[] header(int type, int id) {
        return new byte[] {(byte) type, 0, (byte) id};
    }

    @Test
    void signersWithoutTheEkuExpiredNotYetValidRevokedOrOfAnotherCaAreRefused() {
        Credential tenant = CA.issue(CertProfile.TENANT, "alice");
        assertRefused(Reason.WRONG_KEY_USAGE, "lacks the eBPF program verification",
                TestArtifacts.sign(xdp("alice"), tenant, CLOCK));
        Credential expired = CA.issue(CertProfile.VERIFIER_SIGNING, "old-signer",
                new Validity(NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(10))));
        assertRefused(Reason.EXPIRED, "old-signer", TestArtifacts.sign(xdp("alice"), expired, CLOCK));
        Credential future = CA.issue(CertProfile.VERIFIER_SIGNING, "future-signer",
                new Validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10))));
        assertRefused(Reason.NOT_YET_VALID, "future-signer", TestArtifacts.sign(xdp("alice"), future, CLOCK));
        CertificateAuthority other = CertificateAuthority.create("other CA", CLOCK);
        Credential foreign = other.issue(CertProfile.VERIFIER_SIGNING, "ebpf-verifier-signing");
        assertRefused(Reason.UNTRUSTED_CHAIN, "does not chain to a trusted CA",
                TestArtifacts.sign(xdp("alice"), foreign, CLOCK));
    }

    @Test
    void aRevokedSignerIsRefused() throws AdmissionException {
        byte[] artifact = signed(xdp("alice"));
        RevocationList revoked = CA.revoke(CA.revocationList(), SIGNER.certificate().getSerialNumber(),
                CRLReason.KEY_COMPROMISE);
        ArtifactAdmission strict = new ArtifactAdmission(
                () -> TrustAnchors.of(List.of(CA.certificate()), List.of(revoked)), CLOCK, HostPlatform.current());
        AdmissionException e = assertThrows(AdmissionException.class, () -> strict.admit(artifact, "alice"));
        assertEquals(Reason.REVOKED, e.reason());
        assertTrue(e.detail().contains("key compromise"), e.detail());
        assertEquals("xdp_proto_count", ADMISSION.admit(artifact, "alice").name(), "before the revocation");
    }

    @Test
    void anotherTenantsArtifactIsRefused() {
        AdmissionException e = refused(signed(xdp("bob")), "alice");
        assertEquals(Reason.WRONG_TENANT, e.reason());
        assertEquals("the artifact was signed for tenant 'bob', but the caller is 'alice'", e.detail());
        assertEquals("xdp_proto_count", e.programName().orElseThrow());
    }

    private static byte[] signedWith(Consumer<ArtifactContent> change) {
        ArtifactContent c = xdp("alice");
        change.accept(c);
        return signed(c);
    }

    @Test
    void aWrongDigestSignedValidlyIsADigestMismatch() {
        assertRefused(Reason.DIGEST_MISMATCH, "is not the SHA-256 of the",
                signedWith(c -> c.setInstructionsDigest(new byte[32])));
        assertRefused(Reason.DIGEST_MISMATCH, "instructionsDigest", signedWith(c -> {
            byte[] code = c.getInstructions();
            code[4] ^= 1; // an immediate changed after the digest was taken
            c.setInstructions(code);
        }));
    }

    @Test
    void aChangedDescriptorHashSignedValidlyIsRefused() {
        assertRefused(Reason.DESCRIPTOR_CHANGED, "differs from this host's",
                signedWith(c -> c.setDescriptorHash(ArtifactCodec.sha256("another platform".getBytes()))));
        // The same artifact, its helper list naming one more helper: the hash no longer matches.
        assertRefused(Reason.DESCRIPTOR_CHANGED, "for program type xdp", signedWith(c -> c.setHelperIds(List.of(1, 2))));
    }

    @Test
    void theArtifactsOwnTimesAreChecked() {
        assertRefused(Reason.EXPIRED, "expired at 2026-03-01T11:00:00Z",
                signedWith(c -> c.setExpiresAtMillis(NOW.minus(Duration.ofHours(1)).toEpochMilli())));
        assertRefused(Reason.NOT_YET_VALID, "clock skew",
                signedWith(c -> c.setIssuedAtMillis(NOW.plus(Duration.ofHours(1)).toEpochMilli())));
    }

    @Test
    void contentThatDoesNotDecodeOrIsInconsistentIsMalformed() {
        assertRefused(Reason.MALFORMED, "does not decode", signedBytes(new byte[] {1, 2, 3}));
        assertRefused(Reason.MALFORMED, "format version", signedWith(c -> c.setFormatVersion(2)));
        assertRefused(Reason.MALFORMED, "instructions", signedWith(c -> {
            byte[] odd = Arrays.copyOf(c.getInstructions(), c.getInstructions().length - 3);
            c.setInstructions(odd);
            c.setInstructionsDigest(ArtifactCodec.sha256(odd));
        }));
        assertRefused(Reason.MALFORMED, "are not the helpers the instructions call",
                signedWith(c -> c.setHelperIds(List.of(1, 1))));
        assertRefused(Reason.MALFORMED, "references map #0, but the artifact has 0 maps",
                signedWith(c -> c.setMaps(List.of())));
    }

    private static byte[] signedBytes(byte[] content) {
        return new ArtifactSigner(SIGNER, CLOCK).sign(content);
    }

    @Test
    void whatThisHostCannotRunIsUnsupported() {
        assertRefused(Reason.UNSUPPORTED, "blocked_prefixes", signed(TestArtifacts.content("lpm_trie.o", "xdp_lpm",
                "alice", NOW, Duration.ofDays(1))));
        assertRefused(Reason.UNSUPPORTED, "program type cgroup_sock_addr cannot run on this host",
                signed(TestArtifacts.content("sockaddr_connect4.o", "connect4_policy", "alice", NOW, Duration.ofDays(1))));
        assertRefused(Reason.UNSUPPORTED, "names program 'prog_a', which this artifact does not carry",
                signed(TestArtifacts.content("tail_call.o", "xdp_entry", "alice", NOW, Duration.ofDays(1))));
        ArtifactContent redirect = TestArtifacts.withInstructions(xdp("alice"),
                Assembler.of(Dialect.LLVM).assemble("r1 = 1\nr2 = 0\ncall 23\nexit\n"));
        redirect.setMaps(List.of());
        assertRefused(Reason.UNSUPPORTED, "helper 23 (bpf_redirect) is not provided by this host", signed(redirect));
        assertRefused(Reason.UNSUPPORTED, "program type 999 is unknown", signedWith(c -> c.setProgramType(999)));
    }

    @Test
    void theOrderOfChecksIsFixed() {
        // Another tenant's artifact with a wrong digest and a changed descriptor hash: the
        // tenant is checked first.
        ArtifactContent c = xdp("bob");
        c.setInstructionsDigest(new byte[32]);
        c.setDescriptorHash(new byte[32]);
        assertEquals(Reason.WRONG_TENANT, refused(signed(c), "alice").reason());
        c.setTenant("alice");
        assertEquals(Reason.DIGEST_MISMATCH, refused(signed(c), "alice").reason());
        // Expired and from another tenant: the signature's validity comes before both.
        Credential tenantCert = CA.issue(CertProfile.TENANT, "mallory");
        assertEquals(Reason.WRONG_KEY_USAGE, refused(TestArtifacts.sign(c, tenantCert, CLOCK), "alice").reason());
    }
}
