package io.splitbpf.certs.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.PkiFileException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

    final CertificateAuthority ca = CertificateAuthority.create("splitbpf CA", CLOCK);

    @Test
    void loadsCertificatesAndListsButNotKeys(@TempDir Path dir) throws Exception {
        ca.save(dir); // ca.key sits beside ca.crt and must be left alone
        ca.revoke(ca.revocationList(), BigInteger.TEN, CRLReason.UNSPECIFIED).save(dir.resolve("ca.crl"));
        TrustAnchors anchors = TrustAnchors.load(dir);
        assertEquals(List.of(ca.certificate()), anchors.certificates());
        assertEquals(1, anchors.revocationLists().size());
        assertEquals(BigInteger.TWO, anchors.revocationLists().getFirst().number());
    }

    @Test
    void refusesAnEmptyDirectory(@TempDir Path dir) {
        var e = assertThrows(PkiFileException.class, () -> TrustAnchors.load(dir));
        assertTrue(e.getMessage().contains("no trusted CA certificate"), e.getMessage());
    }

    @Test
    void refusesALeafCertificateAsAnchor(@TempDir Path dir) throws Exception {
        ca.issue(CertProfile.VERIFIER_SIGNING, "verifierd").save(dir, "signer");
        Files.delete(dir.resolve("signer.key"));
        var e = assertThrows(PkiFileException.class, () -> TrustAnchors.load(dir));
        assertTrue(e.getMessage().contains("is not a CA certificate"), e.getMessage());
        assertTrue(e.getMessage().contains("signer.crt"), e.getMessage());
    }

    @Test
    void refusesAListOfAnUntrustedCa(@TempDir Path dir) throws Exception {
        ca.save(dir);
        CertificateAuthority impostor = CertificateAuthority.create("splitbpf CA", CLOCK);
        impostor.revocationList().save(dir.resolve("ca.crl"));
        var e = assertThrows(PkiFileException.class, () -> TrustAnchors.load(dir));
        assertTrue(e.getMessage().contains("ca.crl"), e.getMessage());
        var other = CertificateAuthority.create("other CA", CLOCK);
        assertThrows(IllegalArgumentException.class,
                () -> TrustAnchors.of(List.of(ca.certificate()), List.of(other.revocationList())));
    }

    @Test
    void refusesMalformedFiles(@TempDir Path dir) throws Exception {
        ca.save(dir);
        Files.writeString(dir.resolve("ca.crl"), "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        assertThrows(PkiFileException.class, () -> TrustAnchors.load(dir));
        Files.delete(dir.resolve("ca.crl"));
        Files.writeString(dir.resolve("junk.crt"), "hello");
        assertThrows(PkiFileException.class, () -> TrustAnchors.load(dir));
    }
}
