package io.splitbpf.certs.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CRLReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final CertificateAuthority ca = CertificateAuthority.create("splitbpf CA", CLOCK);

    @Test
    void startsEmptyAndSigned() throws Exception {
        RevocationList list = ca.revocationList();
        assertEquals(List.of(), list.entries());
        assertEquals(BigInteger.ONE, list.number());
        assertEquals(NOW, list.thisUpdate());
        assertEquals(NOW.plus(CertificateAuthority.DEFAULT_CRL_VALIDITY), list.nextUpdate());
        list.crl().verify(ca.certificate().getPublicKey());
    }

    @Test
    void revokesWithReasonAndChecksCertificates() {
        Credential tenant = ca.issue(CertProfile.TENANT, "acme");
        Credential other = ca.issue(CertProfile.TENANT, "other");
        BigInteger serial = tenant.certificate().getSerialNumber();
        RevocationList list = ca.revoke(ca.revocationList(), serial, CRLReason.KEY_COMPROMISE);
        assertEquals(BigInteger.TWO, list.number());
        assertEquals(List.of(new Revocation(serial, CRLReason.KEY_COMPROMISE, NOW)), list.entries());
        assertEquals(Optional.of(list.entries().getFirst()), list.check(tenant.certificate()));
        assertEquals(Optional.empty(), list.check(other.certificate()));
        var e = assertThrows(IllegalArgumentException.class, () -> ca.revoke(list, serial, CRLReason.UNSPECIFIED));
        assertTrue(e.getMessage().contains("already revoked"), e.getMessage());
    }

    @Test
    void ignoresCertificatesOfAnotherIssuerWithTheSameSerial() {
        var other = CertificateAuthority.create("other CA", CLOCK);
        Credential foreign = other.issue(CertProfile.TENANT, "acme");
        RevocationList list = ca.revoke(ca.revocationList(), foreign.certificate().getSerialNumber(), CRLReason.UNSPECIFIED);
        assertEquals(Optional.empty(), list.check(foreign.certificate()));
    }

    @Test
    void refreshKeepsEntriesAndAdvancesNumber() {
        Clock later = Clock.offset(CLOCK, Duration.ofDays(20));
        RevocationList first = ca.revoke(ca.revocationList(), BigInteger.TEN, CRLReason.SUPERSEDED);
        RevocationList refreshed;
        try {
            refreshed = loadedWith(later).refresh(first, Duration.ofDays(7));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(first.entries(), refreshed.entries());
        assertEquals(BigInteger.valueOf(3), refreshed.number());
        assertEquals(NOW.plus(Duration.ofDays(27)), refreshed.nextUpdate());
    }

    @Test
    void savesReadableAndLoadsVerified(@TempDir Path dir) throws Exception {
        RevocationList list = ca.revoke(ca.revocationList(), BigInteger.valueOf(77), CRLReason.CESSATION_OF_OPERATION);
        Path file = dir.resolve("ca.crl");
        list.save(file);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN X509 CRL-----"));
        RevocationList loaded = RevocationList.load(file, ca.certificate());
        assertEquals(list.entries(), loaded.entries());
        assertEquals(list.number(), loaded.number());

        // Saving again replaces the file atomically.
        ca.revoke(loaded, BigInteger.valueOf(78), CRLReason.UNSPECIFIED).save(file);
        assertEquals(2, RevocationList.load(file, ca.certificate()).entries().size());
    }

    @Test
    void refusesListSignedByAnotherCa(@TempDir Path dir) throws Exception {
        var impostor = CertificateAuthority.create("splitbpf CA", CLOCK); // same name, other key
        Path file = dir.resolve("ca.crl");
        impostor.revocationList().save(file);
        var e = assertThrows(PkiFileException.class, () -> RevocationList.load(file, ca.certificate()));
        assertTrue(e.getMessage().contains("is not signed by that CA's key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ca.revoke(impostor.revocationList(), BigInteger.ONE,
                CRLReason.UNSPECIFIED));
    }

    private CertificateAuthority loadedWith(Clock clock) throws Exception {
        Path dir = Files.createTempDirectory("ca");
        try {
            ca.save(dir);
            return CertificateAuthority.load(dir, clock);
        } finally {
            for (String f : List.of("ca.key", "ca.crt")) Files.deleteIfExists(dir.resolve(f));
            Files.delete(dir);
        }
    }
}
