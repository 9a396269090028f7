package io.splitbpf.exec.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The host's anchors come from `host/anchors` of a state directory and are read again when
/// `ebpf cert revoke` publishes a new CRL there: the next admission sees the revocation.
class AnchorFolderTest {
    @TempDir
    Path dir;

    @Test
    void aRevocationPublishedToTheFolderRefusesTheNextAdmission() throws Exception {
        StateLayout state = new StateLayout(dir);
        Pki pki = Pki.at(state, Clock.systemUTC());
        pki.init(KeyAlgorithm.EC_P256, Duration.ofDays(30));
        Credential signer = SignerStore.at(state.signer()).current();
        AnchorFolder anchors = AnchorFolder.load(state.hostAnchors());
        TrustAnchors first = anchors.get();
        assertSame(first, anchors.get(), "unchanged files are not read again");
        ArtifactAdmission admission = new ArtifactAdmission(anchors, Clock.systemUTC(), HostPlatform.current());
        byte[] artifact = TestArtifacts.sign(TestArtifacts.content("xdp_proto_count.o", "xdp_proto_count", "alice",
                Instant.now(), Duration.ofDays(1)), signer, Clock.systemUTC());
        assertEquals("xdp_proto_count", admission.admit(artifact, "alice").name());

        pki.revoke(signer.certificate().getSerialNumber());
        AdmissionException e = assertThrows(AdmissionException.class, () -> admission.admit(artifact, "alice"));
        assertEquals(AdmissionException.Reason.REVOKED, e.reason());
        assertTrue(e.detail().contains(signer.certificate().getSerialNumber().toString(16)), e.detail());
    }

    @Test
    void aFolderThatStopsLoadingFailsClosed() throws IOException {
        StateLayout state = new StateLayout(dir);
        Pki.at(state, Clock.systemUTC()).init(KeyAlgorithm.EC_P256, null);
        AnchorFolder anchors = AnchorFolder.load(state.hostAnchors());
        anchors.get();
        Files.writeString(state.hostAnchors().resolve("ca.crl"), "-----BEGIN X509 CRL-----\ntruncated\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, anchors::get);
        assertTrue(e.getMessage().contains("do not load"), e.getMessage());
        assertThrows(IOException.class, () -> AnchorFolder.load(dir.resolve("missing")));
    }
}
