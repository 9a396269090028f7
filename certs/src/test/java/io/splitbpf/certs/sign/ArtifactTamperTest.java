package io.splitbpf.certs.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.sign.SignatureCheck.Reason;
import io.splitbpf.certs.sign.SignatureCheck.Refused;
import io.splitbpf.certs.sign.SignatureCheck.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/// Whatever byte of an artifact is changed, the verifier never returns content other than what
/// was signed.
class ArtifactTamperTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    static final CertificateAuthority CA = CertificateAuthority.create("splitbpf CA", CLOCK);
    static final Credential SIGNER = CA.issue(CertProfile.VERIFIER_SIGNING, "verifierd");
    static final ArtifactSigner SIGN = new ArtifactSigner(SIGNER, CLOCK);
    static final ArtifactVerifier VERIFY =
            new ArtifactVerifier(TrustAnchors.of(List.of(CA.certificate()), List.of(CA.revocationList())), CLOCK);

    @Property(tries = 200)
    void roundTripsAnyContent(@ForAll @Size(max = 2048) byte[] content) {
        SignatureCheck check = VERIFY.verify(SIGN.sign(content));
        assertArrayEquals(content, ((Valid) check).content());
    }

    @Property(tries = 300)
    void noSingleByteChangeYieldsOtherContent(@ForAll("flips") Flip flip) {
        byte[] content = "r0 = 1; exit".getBytes(StandardCharsets.US_ASCII);
        byte[] artifact = SIGN.sign(content);
        int at = flip.position() % artifact.length;
        artifact[at] ^= flip.mask();
        if (VERIFY.verify(artifact) instanceof Valid v) assertArrayEquals(content, v.content(), "flip at " + at);
    }

    /// Every position (one bit each; the property above covers other masks): nothing but the unused copy of the CA certificate (or an
    /// unsigned field that changes nothing) may still verify, and then only with the original
    /// content. Content and signature flips are bad signatures.
    @Test
    void everyBitFlipIsRefusedOrHarmless() {
        byte[] content = "r0 = 2; exit".getBytes(StandardCharsets.US_ASCII);
        byte[] artifact = SIGN.sign(content);
        int contentAt = ArtifactVerifierTest.indexOf(artifact, content);
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        for (int at = 0; at < artifact.length; at++) {
            byte[] tampered = artifact.clone();
            tampered[at] ^= (byte) (1 << (at % 8)); // one bit per position, each bit in turn
            switch (VERIFY.verify(tampered)) {
                case Valid v -> assertArrayEquals(content, v.content(), "flip at " + at);
                case Refused r -> {
                    reasons.merge(r.reason(), 1, Integer::sum);
                    if (at >= contentAt && at < contentAt + content.length) {
                        assertEquals(Reason.BAD_SIGNATURE, r.reason(), "content flip at " + at + ": " + r.detail());
                    }
                    if (at >= artifact.length - 30) {
                        assertEquals(Reason.BAD_SIGNATURE, r.reason(), "signature flip at " + at + ": " + r.detail());
                    }
                }
            }
        }
        assertTrue(reasons.containsKey(Reason.MALFORMED) && reasons.containsKey(Reason.BAD_SIGNATURE), reasons.toString());
    }

    record Flip(int position, byte mask) {}

    @Provide
    Arbitrary<Flip> flips() {
        return Combinators.combine(Arbitraries.integers().between(0, 100_000),
                Arbitraries.bytes().filter(b -> b != 0)).as(Flip::new);
    }
}
