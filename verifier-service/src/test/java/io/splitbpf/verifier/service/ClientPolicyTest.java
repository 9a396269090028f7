package io.splitbpf.verifier.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.core.rpc.PeerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Who may call the verifier, with the revocation list re-read when it changes.
class ClientPolicyTest {
    @TempDir
    Path dir;

    @Test
    void tenantsAndTheAdminMayCallUntilRevokedOtherProfilesNever() throws Exception {
        ServiceFixture f = new ServiceFixture(dir, null);
        ClientPolicy policy = ClientPolicy.load(f.state.verifierTrust());
        PeerIdentity alice = PeerIdentity.of(f.alice.certificate());
        assertEquals(Optional.empty(), policy.refusal(alice));
        assertEquals(Optional.empty(), policy.refusal(PeerIdentity.of(Credential.load(f.state.clients(), "admin").certificate())));
        Optional<String> host = policy.refusal(PeerIdentity.of(Credential.load(f.state.host(), "server").certificate()));
        assertEquals(Optional.of("a 'host' certificate may not call the verifier (only tenant and admin certificates may)"), host);

        f.pki.revoke(f.alice.certificate().getSerialNumber());
        String revoked = policy.refusal(alice).orElseThrow();
        assertTrue(revoked.startsWith("certificate serial " + alice.serialHex() + " was revoked at "), revoked);
    }

    @Test
    void aRevocationListThatNoLongerReadsRefusesEveryone() throws Exception {
        ServiceFixture f = new ServiceFixture(dir, null);
        ClientPolicy policy = ClientPolicy.load(f.state.verifierTrust());
        PeerIdentity alice = PeerIdentity.of(f.alice.certificate());
        Path crl = f.state.verifierTrust().resolve("ca.crl");
        String good = Files.readString(crl);
        Files.writeString(crl, "-----BEGIN X509 CRL-----\ngarbage\n-----END X509 CRL-----\n");
        String refusal = policy.refusal(alice).orElseThrow();
        assertTrue(refusal.startsWith("the revocation list cannot be read"), refusal);
        Files.writeString(crl, good);
        assertEquals(Optional.empty(), policy.refusal(alice), "readable again: served again");
    }
}
