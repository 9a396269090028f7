package io.splitbpf.certs.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateAuthorityTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void createsSelfSignedCa(KeyAlgorithm algorithm) throws Exception {
        var ca = CertificateAuthority.create("splitbpf CA", algorithm,
                Validity.starting(NOW, CertificateAuthority.DEFAULT_VALIDITY), CLOCK);
        X509Certificate cert = ca.certificate();
        cert.verify(cert.getPublicKey());
        assertEquals("CN=splitbpf CA,O=splitbpf", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals(0, cert.getBasicConstraints(), "CA, no intermediates below it");
        boolean[] usage = cert.getKeyUsage();
        assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
        assertFalse(usage[0]);
        assertTrue(cert.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        assertEquals(NOW, cert.getNotBefore().toInstant());
        assertEquals(NOW.plus(CertificateAuthority.DEFAULT_VALIDITY), cert.getNotAfter().toInstant());
        assertEquals(algorithm, ca.keyAlgorithm());
        assertEquals(algorithm == KeyAlgorithm.EC_P256 ? "SHA256withECDSA" : "Ed25519", cert.getSigAlgName());
    }

    @Test
    void defaultsToEcdsaP256() {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        assertEquals(KeyAlgorithm.EC_P256, ca.keyAlgorithm());
        assertEquals(KeyAlgorithm.EC_P256, KeyAlgorithm.of(ca.issue(CertProfile.TENANT, "t").key()));
    }

    @Test
    void issuesVerifierSigningCertificate() throws Exception {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        Credential signer = ca.issue(CertProfile.VERIFIER_SIGNING, "verifierd");
        X509Certificate cert = signer.certificate();
        cert.verify(ca.certificate().getPublicKey());
        assertEquals("CN=verifierd,OU=verifier-signing,O=splitbpf", cert.getSubjectX500Principal().getName());
        assertEquals(List.of(CertProfile.EBPF_VERIFICATION_EKU), cert.getExtendedKeyUsage());
        assertEquals(-1, cert.getBasicConstraints());
        boolean[] usage = cert.getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        assertFalse(usage[5] || usage[6], "no certificate or CRL signing");
        assertNull(cert.getSubjectAlternativeNames());
        assertEquals(List.of(cert, ca.certificate()), signer.chain());
        assertEquals(NOW.plus(CertProfile.VERIFIER_SIGNING.defaultValidity()), cert.getNotAfter().toInstant());
    }

    @Test
    void ebpfVerificationEkuIsUnderTheUuidArc() {
        String oid = CertProfile.EBPF_VERIFICATION_EKU;
        assertTrue(oid.startsWith("2.25."));
        var uuid = java.util.UUID.fromString("ecdf7dff-58d9-40d3-b454-7c7f03021de8");
        var value = new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        assertEquals("2.25." + value, oid);
    }

    @Test
    void issuesHostCertificateForLocalhost() throws Exception {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        X509Certificate cert = ca.issue(CertProfile.HOST, "hostd").certificate();
        assertEquals(List.of(CertProfile.SERVER_AUTH_EKU), cert.getExtendedKeyUsage());
        assertEquals(Set.of(List.of(2, "localhost"), List.of(7, "127.0.0.1")),
                new HashSet<>(cert.getSubjectAlternativeNames()));
        assertEquals("CN=hostd,OU=host,O=splitbpf", cert.getSubjectX500Principal().getName());
    }

    @Test
    void tenantNameIsTheSubjectCommonName() throws Exception {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        X509Certificate cert = ca.issue(CertProfile.TENANT, "acme-prod").certificate();
        assertEquals(List.of(CertProfile.CLIENT_AUTH_EKU), cert.getExtendedKeyUsage());
        assertEquals("CN=acme-prod,OU=tenant,O=splitbpf", cert.getSubjectX500Principal().getName());
        X509Certificate admin = ca.issue(CertProfile.ADMIN, "admin").certificate();
        assertEquals(List.of(CertProfile.CLIENT_AUTH_EKU), admin.getExtendedKeyUsage());
        assertEquals("CN=admin,OU=admin,O=splitbpf", admin.getSubjectX500Principal().getName());
    }

    @Test
    void serialsAreRandomPositiveAndAtMost128Bits() {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        Set<java.math.BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            var serial = ca.issue(CertProfile.TENANT, "t" + i).certificate().getSerialNumber();
            assertTrue(serial.signum() > 0);
            assertTrue(serial.bitLength() <= 128);
            serials.add(serial);
        }
        assertEquals(20, serials.size());
        assertTrue(serials.stream().anyMatch(s -> s.bitLength() > 100), "serials use the full 128 bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " lead", "trail ", "a,O=evil", "CN=x", "tab\there", "ünïcode",
            "x12345678901234567890123456789012345678901234567890123456789012345"})
    void refusesCommonNamesThatCouldReadDifferently(String name) {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        var e = assertThrows(IllegalArgumentException.class, () -> ca.issue(CertProfile.TENANT, name));
        assertTrue(e.getMessage().startsWith("invalid common name"), e.getMessage());
    }

    @Test
    void refusesCertificateThatOutlivesItsCa() {
        var ca = CertificateAuthority.create("splitbpf CA", KeyAlgorithm.EC_P256,
                Validity.starting(NOW, Duration.ofDays(30)), CLOCK);
        var e = assertThrows(IllegalArgumentException.class, () -> ca.issue(CertProfile.TENANT, "acme"));
        assertTrue(e.getMessage().contains("would outlive its CA"), e.getMessage());
    }

    @Test
    void savesKeysOwnerOnlyAndCertificatesReadable(@TempDir Path tmp) throws Exception {
        Path state = tmp.resolve("state/ca");
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        ca.save(state);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("ca.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("ca.crt"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertTrue(Files.readString(state.resolve("ca.key")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(state.resolve("ca.crt")).startsWith("-----BEGIN CERTIFICATE-----\n"));

        Credential tenant = ca.issue(CertProfile.TENANT, "acme");
        tenant.save(tmp.resolve("tenants"), "acme");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("tenants/acme.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("tenants/acme.crt"))));
        assertEquals(tenant.chain(), Credential.load(tmp.resolve("tenants"), "acme").chain());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void loadsWhatItSaved(KeyAlgorithm algorithm, @TempDir Path dir) throws Exception {
        var ca = CertificateAuthority.create("splitbpf CA", algorithm, Validity.starting(NOW, Duration.ofDays(3650)), CLOCK);
        ca.save(dir);
        var loaded = CertificateAuthority.load(dir, CLOCK);
        assertEquals(ca.certificate(), loaded.certificate());
        assertEquals(algorithm, loaded.keyAlgorithm());
        // The loaded key is the CA's key: what it issues chains to the original certificate.
        loaded.issue(CertProfile.HOST, "hostd").certificate().verify(ca.certificate().getPublicKey());
    }

    @Test
    void neverOverwritesAnExistingCa(@TempDir Path dir) throws Exception {
        CertificateAuthority.create("first", CLOCK).save(dir);
        String before = Files.readString(dir.resolve("ca.key"));
        assertThrows(FileAlreadyExistsException.class, () -> CertificateAuthority.create("second", CLOCK).save(dir));
        assertEquals(before, Files.readString(dir.resolve("ca.key")));
    }

    @Test
    void refusesKeyFileReadableByOthers(@TempDir Path dir) throws Exception {
        CertificateAuthority.create("splitbpf CA", CLOCK).save(dir);
        Files.setPosixFilePermissions(dir.resolve("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
        var e = assertThrows(java.io.IOException.class, () -> CertificateAuthority.load(dir, CLOCK));
        assertTrue(e.getMessage().contains("must be rw-------"), e.getMessage());
    }

    @Test
    void refusesKeyThatDoesNotMatchCertificate(@TempDir Path dir) throws Exception {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        ca.save(dir);
        Files.delete(dir.resolve("ca.key"));
        CertificateAuthority.create("other", CLOCK).save(dir.resolve("other"));
        Files.copy(dir.resolve("other/ca.key"), dir.resolve("ca.key"));
        var e = assertThrows(PkiFileException.class, () -> CertificateAuthority.load(dir, CLOCK));
        assertTrue(e.getMessage().contains("does not belong to certificate"), e.getMessage());
    }

    @Test
    void neverPrintsPrivateKeys() {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        Credential credential = ca.issue(CertProfile.VERIFIER_SIGNING, "verifierd");
        String text = credential + " " + ca;
        String encodedKey = Base64.getEncoder().encodeToString(credential.key().getEncoded());
        assertFalse(text.contains(encodedKey.substring(encodedKey.length() - 40)), text);
        assertTrue(credential.toString().contains("CN=verifierd"), text);
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("private"), text);
    }

    @Test
    void credentialRefusesForeignKey() {
        var ca = CertificateAuthority.create("splitbpf CA", CLOCK);
        Credential a = ca.issue(CertProfile.TENANT, "a");
        Credential b = ca.issue(CertProfile.TENANT, "b");
        assertThrows(IllegalArgumentException.class, () -> new Credential(a.key(), b.chain()));
        assertNotEquals(a.certificate(), b.certificate());
        assertArrayEquals(a.certificate().getPublicKey().getEncoded(), a.chain().getFirst().getPublicKey().getEncoded());
    }
}
