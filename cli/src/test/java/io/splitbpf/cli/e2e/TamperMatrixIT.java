package io.splitbpf.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.ca.Validity;
import io.splitbpf.certs.sign.ArtifactSigner;
import io.splitbpf.certs.sign.SignedArtifact;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/// The tamper matrix, end to end through `ebpf prog load ARTIFACT` against the real host: an
/// artifact the verifier signed, then changed or re-signed in every way that must not pass,
/// each refused with its own reason and nothing loaded; and the audit log records each refusal.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperMatrixIT {
    private static DaemonPair daemons;
    private static byte[] signed;
    private static ArtifactContent content;

    @BeforeAll
    static void start() throws Exception {
        daemons = DaemonPair.start();
        Path file = daemons.dir().resolve("good.artifact");
        daemons.ok("artifact", "sign", TestPaths.root().resolve("samples/xdp_proto_count.o").toString(), "-o",
                file.toString());
        signed = Files.readAllBytes(file);
        content = ArtifactCodec.decode(SignedArtifact.read(signed).content());
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemons != null) {
            daemons.close();
        }
    }

    /// Loads `artifact` and requires the host to refuse it for `reason`.
    private static String refused(String name, byte[] artifact, String reason, String... caller) throws IOException {
        Path file = daemons.dir().resolve(name + ".artifact");
        Files.write(file, artifact);
        List<String> args = new java.util.ArrayList<>(List.of("prog", "load", file.toString()));
        args.addAll(List.of(caller));
        DaemonPair.Run r = daemons.ebpf(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.transcript());
        assertTrue(r.err().startsWith("error: the host refused the artifact: " + reason + ": "), r.transcript());
        assertEquals("", daemons.ok(List.of("prog", "show").toArray(String[]::new)), "nothing loaded after " + name);
        return r.err();
    }

    /// `content` changed by `change`, signed by `signer`.
    private static byte[] resigned(Credential signer, UnaryOperator<ArtifactContent> change) {
        return new ArtifactSigner(signer, Clock.systemUTC()).sign(ArtifactCodec.encode(change.apply(content.deepCopy())));
    }

    private static Credential verifierSigner() throws IOException {
        return SignerStore.at(daemons.state().signer()).current();
    }

    private static CertificateAuthority ca() throws IOException {
        return CertificateAuthority.load(daemons.state().ca(), Clock.systemUTC());
    }

    @Test
    @Order(1)
    void theUntamperedArtifactLoads() throws IOException {
        Path file = daemons.dir().resolve("good-copy.artifact");
        Files.write(file, signed);
        String out = daemons.ok("prog", "load", file.toString());
        assertTrue(out.startsWith("loaded program xdp_proto_count as id "), out);
        int id = Integer.parseInt(out.replaceAll("(?s).*as id (\\d+).*", "$1"));
        daemons.ok("prog", "unload", "id", Integer.toString(id));
    }

    @Test
    @Order(2)
    void aFlippedInstructionByteBreaksTheSignature() throws IOException {
        byte[] bytes = signed.clone();
        int at = indexOf(bytes, content.getInstructions());
        bytes[at + 4] ^= 1;
        refused("flipped-instruction", bytes, "bad signature");
    }

    @Test
    @Order(3)
    void aFlippedSignatureByteBreaksTheSignature() throws IOException {
        byte[] bytes = signed.clone();
        bytes[bytes.length - 10] ^= 1; // the signature value ends the SignedData
        refused("flipped-signature", bytes, "bad signature");
    }

    @Test
    @Order(4)
    void aCutArtifactIsMalformed() throws IOException {
        refused("truncated", Arrays.copyOf(signed, signed.length - 1), "malformed");
        refused("garbage", "not an artifact".getBytes(StandardCharsets.US_ASCII), "malformed");
    }

    @Test
    @Order(5)
    void anotherTenantsArtifactIsRefused() throws IOException {
        daemons.ok("cert", "issue", "--tenant", "alice");
        Path file = daemons.dir().resolve("alice.artifact");
        daemons.ok("artifact", "sign", TestPaths.root().resolve("samples/xdp_proto_count.o").toString(), "-o",
                file.toString(), "--tenant", "alice");
        String err = refused("for-alice", Files.readAllBytes(file), "wrong tenant");
        assertTrue(err.contains("alice"), err);
        // and alice may load it herself
        assertTrue(daemons.ok("prog", "load", file.toString(), "--tenant", "alice").startsWith("loaded program"));
    }

    @Test
    @Order(6)
    void signersWithoutTheEkuOrExpiredOrOfAnotherCaAreRefused() throws IOException {
        Credential tenant = ca().issue(CertProfile.TENANT, "mallory");
        refused("tenant-signed", resigned(tenant, c -> c), "wrong key usage");
        Instant now = Instant.now();
        Credential expired = ca().issue(CertProfile.VERIFIER_SIGNING, "old-signer",
                new Validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        refused("expired-signer", resigned(expired, c -> c), "expired");
        CertificateAuthority other = CertificateAuthority.create("another CA", Clock.systemUTC());
        refused("other-ca", resigned(other.issue(CertProfile.VERIFIER_SIGNING, "ebpf-verifier-signing"), c -> c),
                "untrusted chain");
    }

    @Test
    @Order(7)
    void contentTheVerifierDidNotSignIsRefusedEvenWithItsKey() throws IOException {
        Credential signer = verifierSigner();
        refused("digest-mismatch", resigned(signer, c -> {
            byte[] insns = c.getInstructions();
            insns[4] ^= 1;
            return c.setInstructions(insns);
        }), "digest mismatch");
        refused("descriptor-changed", resigned(signer, c -> {
            byte[] hash = c.getDescriptorHash();
            hash[0] ^= 1;
            return c.setDescriptorHash(hash);
        }), "descriptor changed");
        long past = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        refused("expired-artifact", resigned(signer, c -> c.setIssuedAtMillis(past - 1000).setExpiresAtMillis(past)),
                "expired");
    }

    @Test
    @Order(8)
    void aRevokedSignersArtifactsAreRefused() throws IOException {
        String serial = SignedArtifact.read(signed).signer().getSerialNumber().toString(16);
        daemons.ok("cert", "revoke", serial);
        String err = refused("revoked-signer", signed, "revoked");
        assertTrue(err.contains(serial), err);
    }

    @Test
    @Order(9)
    void theAuditLogRecordsEveryRefusalWithItsReason() throws IOException {
        List<String> lines = Files.readAllLines(daemons.state().auditLog());
        for (String reason : List.of("BAD_SIGNATURE", "MALFORMED", "WRONG_TENANT", "WRONG_KEY_USAGE", "EXPIRED",
                "UNTRUSTED_CHAIN", "DIGEST_MISMATCH", "DESCRIPTOR_CHANGED", "REVOKED")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"refuse\"") && l.contains(reason)),
                    reason + " not in the audit log:\n" + String.join("\n", lines));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"admit\"")), "no admission in the audit log");
    }

    static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("part not found");
    }
}
