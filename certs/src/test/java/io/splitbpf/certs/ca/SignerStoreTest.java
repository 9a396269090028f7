package io.splitbpf.certs.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerStoreTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

    final CertificateAuthority ca = CertificateAuthority.create("splitbpf CA", CLOCK);

    @Test
    void firstRotationInstallsASigner(@TempDir Path dir) throws Exception {
        SignerStore store = SignerStore.at(dir.resolve("verifier"));
        assertFalse(store.exists());
        Credential signer = store.rotate(ca, "verifierd");
        assertTrue(store.exists());
        assertEquals(signer.chain(), store.current().chain());
        assertEquals(List.of(CertProfile.EBPF_VERIFICATION_EKU), signer.certificate().getExtendedKeyUsage());
        assertEquals(List.of(), store.retired());
        assertEquals("rw-------", perms(dir.resolve("verifier/signer.key")));
        assertEquals("rw-r--r--", perms(dir.resolve("verifier/signer.crt")));
    }

    @Test
    void rotationRetiresTheOldCertificateAndReplacesTheKey(@TempDir Path dir) throws Exception {
        SignerStore store = SignerStore.at(dir);
        Credential first = store.rotate(ca, "verifierd");
        Credential second = store.rotate(ca, "verifierd");
        assertNotEquals(first.certificate(), second.certificate());
        assertEquals(second.chain(), store.current().chain());
        assertEquals(List.of(first.certificate()), store.retired());
        assertEquals("rw-------", perms(dir.resolve("signer.key")));
        assertEquals("rw-r--r--", perms(dir.resolve("retired/" + first.certificate().getSerialNumber().toString(16) + ".crt")));
        assertFalse(java.util.Arrays.equals(first.key().getEncoded(), store.current().key().getEncoded()),
                "the old key is gone");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("retired", "signer.crt", "signer.key"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void aKeyThatNoLongerMatchesIsReportedAndRepairedByTheNextRotation(@TempDir Path dir) throws Exception {
        SignerStore store = SignerStore.at(dir);
        store.rotate(ca, "verifierd");
        // Simulate a crash between replacing the key and the certificate.
        Credential stray = ca.issue(CertProfile.VERIFIER_SIGNING, "verifierd");
        Files.delete(dir.resolve("signer.key"));
        stray.save(dir.resolve("stray"), "signer");
        Files.move(dir.resolve("stray/signer.key"), dir.resolve("signer.key"));
        assertThrows(PkiFileException.class, store::current);
        Credential repaired = store.rotate(ca, "verifierd");
        assertEquals(repaired.chain(), store.current().chain());
    }

    private static String perms(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
