package io.splitbpf.certs.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.ca.RevocationList;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.ca.Validity;
import io.splitbpf.certs.sign.SignatureCheck.Reason;
import io.splitbpf.certs.sign.SignatureCheck.Refused;
import io.splitbpf.certs.sign.SignatureCheck.Valid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArtifactVerifierTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final byte[] CONTENT = "verified program: r0 = 2; exit".getBytes(StandardCharsets.UTF_8);

    final CertificateAuthority ca = CertificateAuthority.create("splitbpf CA", CLOCK);
    final Credential signer = ca.issue(CertProfile.VERIFIER_SIGNING, "verifierd");

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signsAndVerifies(KeyAlgorithm algorithm) {
        var ca = CertificateAuthority.create("splitbpf CA", algorithm,
                Validity.starting(NOW, CertificateAuthority.DEFAULT_VALIDITY), CLOCK);
        Credential signer = ca.issue(CertProfile.VERIFIER_SIGNING, "verifierd");
        byte[] artifact = new ArtifactSigner(signer, CLOCK).sign(CONTENT);
        var valid = assertInstanceOf(Valid.class, verifier(ca, ca.revocationList()).verify(artifact));
        assertArrayEquals(CONTENT, valid.content());
        assertEquals(signer.certificate().getSubjectX500Principal(), valid.signer());
        assertEquals(signer.certificate().getSerialNumber(), valid.serial());
    }

    @Test
    void verifiesEmptyContent() {
        byte[] artifact = new ArtifactSigner(signer, CLOCK).sign(new byte[0]);
        var valid = assertInstanceOf(Valid.class, verifier(ca).verify(artifact));
        assertEquals(0, valid.content().length);
    }

    @Test
    void flippedContentByteIsABadSignature() {
        byte[] artifact = sign(signer);
        int at = indexOf(artifact, CONTENT);
        artifact[at + 5] ^= 0x01;
        assertRefused(Reason.BAD_SIGNATURE, verifier(ca).verify(artifact), signer.certificate());
    }

    @Test
    void flippedSignatureByteIsABadSignature() {
        byte[] artifact = sign(signer);
        // DER puts the SignerInfo's signature last: ECDSA's SEQUENCE { r, s }; this byte is in s.
        artifact[artifact.length - 5] ^= 0x01;
        var check = verifier(ca).verify(artifact);
        assertRefused(Reason.BAD_SIGNATURE, check, signer.certificate());
    }

    @Test
    void signerWithoutTheEkuIsWrongEku() {
        for (CertProfile profile : List.of(CertProfile.TENANT, CertProfile.HOST, CertProfile.ADMIN)) {
            Credential notASigner = ca.issue(profile, "acme");
            var check = verifier(ca).verify(sign(notASigner));
            assertRefused(Reason.WRONG_EKU, check, notASigner.certificate());
            assertTrue(((Refused) check).detail().contains(CertProfile.EBPF_VERIFICATION_EKU));
        }
    }

    @Test
    void theCaItselfIsNotASigner() {
        Credential caCredential = caCredential();
        var check = verifier(ca).verify(sign(caCredential));
        assertRefused(Reason.WRONG_EKU, check, ca.certificate());
    }

    @Test
    void certificateIssuedInThePastIsExpired() {
        Credential old = ca.issue(CertProfile.VERIFIER_SIGNING, "verifierd",
                new Validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))));
        var check = verifier(ca).verify(sign(old));
        assertRefused(Reason.EXPIRED, check, old.certificate());
    }

    @Test
    void checkedInTheFutureIsExpired() {
        byte[] artifact = sign(signer);
        Clock future = Clock.offset(CLOCK, CertProfile.VERIFIER_SIGNING.defaultValidity().plusSeconds(1));
        assertRefused(Reason.EXPIRED, new ArtifactVerifier(TrustAnchors.of(List.of(ca.certificate()), List.of()), future)
                .verify(artifact), signer.certificate());
        Clock lastSecond = Clock.offset(CLOCK, CertProfile.VERIFIER_SIGNING.defaultValidity());
        assertInstanceOf(Valid.class, new ArtifactVerifier(TrustAnchors.of(List.of(ca.certificate()), List.of()),
                lastSecond).verify(artifact));
    }

    @Test
    void checkedInThePastIsNotYetValid() {
        byte[] artifact = sign(signer);
        Clock past = Clock.offset(CLOCK, Duration.ofSeconds(-1));
        assertRefused(Reason.NOT_YET_VALID, new ArtifactVerifier(TrustAnchors.of(List.of(ca.certificate()), List.of()),
                past).verify(artifact), signer.certificate());
    }

    @Test
    void everythingExpiresWithTheCa() {
        var shortCa = CertificateAuthority.create("short CA", KeyAlgorithm.EC_P256,
                Validity.starting(NOW, Duration.ofDays(20)), CLOCK);
        Instant caEnd = shortCa.certificate().getNotAfter().toInstant();
        byte[] artifact = sign(shortCa.issue(CertProfile.VERIFIER_SIGNING, "verifierd", new Validity(NOW, caEnd)));
        var anchors = TrustAnchors.of(List.of(shortCa.certificate()), List.of());
        assertInstanceOf(Valid.class, new ArtifactVerifier(anchors, Clock.fixed(caEnd, ZoneOffset.UTC)).verify(artifact));
        var check = new ArtifactVerifier(anchors, Clock.fixed(caEnd.plusSeconds(1), ZoneOffset.UTC)).verify(artifact);
        assertEquals(Reason.EXPIRED, assertInstanceOf(Refused.class, check).reason());
    }

    @Test
    void revokedSignerIsRevoked() {
        byte[] artifact = sign(signer);
        RevocationList crl = ca.revoke(ca.revocationList(), signer.certificate().getSerialNumber(),
                CRLReason.KEY_COMPROMISE);
        var check = verifier(ca, crl).verify(artifact);
        assertRefused(Reason.REVOKED, check, signer.certificate());
        assertTrue(((Refused) check).detail().contains("key compromise"), check.toString());
        // Revoked stays revoked even when checked before the revocation: there is no trusted signing time.
        var before = new ArtifactVerifier(TrustAnchors.of(List.of(ca.certificate()), List.of(crl)),
                Clock.offset(CLOCK, Duration.ofSeconds(1)));
        assertEquals(Reason.REVOKED, ((Refused) before.verify(artifact)).reason());
    }

    @Test
    void revokingAnotherSerialChangesNothing() {
        RevocationList crl = ca.revoke(ca.revocationList(),
                ca.issue(CertProfile.VERIFIER_SIGNING, "other").certificate().getSerialNumber(), CRLReason.SUPERSEDED);
        assertInstanceOf(Valid.class, verifier(ca, crl).verify(sign(signer)));
    }

    @Test
    void signerUnderAnotherCaIsUntrusted() {
        for (String name : List.of("other CA", "splitbpf CA")) { // a different name, then the same name
            var other = CertificateAuthority.create(name, CLOCK);
            Credential foreign = other.issue(CertProfile.VERIFIER_SIGNING, "verifierd");
            assertRefused(Reason.UNTRUSTED_CHAIN, verifier(ca).verify(sign(foreign)), foreign.certificate());
        }
    }

    @Test
    void carriedCaCertificateIsNotTrusted() {
        // The artifact carries its own CA; only the anchors count.
        var other = CertificateAuthority.create("other CA", CLOCK);
        Credential foreign = other.issue(CertProfile.VERIFIER_SIGNING, "verifierd");
        assertEquals(2, foreign.chain().size());
        assertEquals(Reason.UNTRUSTED_CHAIN, ((Refused) verifier(ca).verify(sign(foreign))).reason());
    }

    @Test
    void garbageIsMalformed() {
        var verifier = verifier(ca);
        byte[] artifact = sign(signer);
        List<byte[]> garbage = List.of(new byte[0], "not an artifact".getBytes(StandardCharsets.UTF_8),
                new byte[] {0x30, (byte) 0x80, 0, 0}, Arrays.copyOf(artifact, artifact.length - 1),
                Arrays.copyOf(artifact, artifact.length + 1), Arrays.copyOf(artifact, 40));
        for (byte[] bytes : garbage) {
            var refused = assertInstanceOf(Refused.class, verifier.verify(bytes));
            assertEquals(Reason.MALFORMED, refused.reason(), refused.detail());
            assertTrue(refused.detail().matches("artifact of \\d+ bytes: .+"), refused.detail());
        }
    }

    @Test
    void rotatedSignersBothVerifyUntilTheOldOneIsRevoked(@TempDir Path dir) throws Exception {
        SignerStore store = SignerStore.at(dir);
        Credential oldSigner = store.rotate(ca, "verifierd");
        byte[] oldArtifact = new ArtifactSigner(store.current(), CLOCK).sign(CONTENT);
        Credential newSigner = store.rotate(ca, "verifierd");
        byte[] newArtifact = new ArtifactSigner(store.current(), CLOCK).sign(CONTENT);

        var verifier = verifier(ca, ca.revocationList());
        assertEquals(oldSigner.certificate().getSerialNumber(), ((Valid) verifier.verify(oldArtifact)).serial());
        assertEquals(newSigner.certificate().getSerialNumber(), ((Valid) verifier.verify(newArtifact)).serial());

        X509Certificate retired = store.retired().getFirst();
        RevocationList crl = ca.revoke(ca.revocationList(), retired.getSerialNumber(), CRLReason.SUPERSEDED);
        var afterRevocation = verifier(ca, crl);
        assertRefused(Reason.REVOKED, afterRevocation.verify(oldArtifact), oldSigner.certificate());
        assertInstanceOf(Valid.class, afterRevocation.verify(newArtifact));
    }

    @Test
    void anchorsLoadedFromTheCaDirectory(@TempDir Path dir) throws Exception {
        ca.save(dir);
        ca.revoke(ca.revocationList(), signer.certificate().getSerialNumber(), CRLReason.UNSPECIFIED)
                .save(dir.resolve("ca.crl"));
        var verifier = new ArtifactVerifier(TrustAnchors.load(dir), CLOCK);
        assertRefused(Reason.REVOKED, verifier.verify(sign(signer)), signer.certificate());
        assertInstanceOf(Valid.class, verifier.verify(sign(ca.issue(CertProfile.VERIFIER_SIGNING, "next"))));
    }

    static void assertRefused(Reason reason, SignatureCheck check, X509Certificate named) {
        var refused = assertInstanceOf(Refused.class, check);
        assertEquals(reason, refused.reason(), refused.detail());
        assertTrue(refused.detail().contains(named.getSubjectX500Principal().getName()), refused.detail());
        assertTrue(refused.detail().contains("serial " + named.getSerialNumber().toString(16)), refused.detail());
    }

    private byte[] sign(Credential credential) {
        return new ArtifactSigner(credential, CLOCK).sign(CONTENT);
    }

    private ArtifactVerifier verifier(CertificateAuthority authority, RevocationList... lists) {
        return new ArtifactVerifier(TrustAnchors.of(List.of(authority.certificate()), List.of(lists)), CLOCK);
    }

    private Credential caCredential() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("ca");
            ca.save(dir);
            Credential credential = Credential.load(dir, CertificateAuthority.FILE_NAME);
            for (String f : List.of("ca.key", "ca.crt")) java.nio.file.Files.delete(dir.resolve(f));
            java.nio.file.Files.delete(dir);
            return credential;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("content not found in artifact");
    }
}
