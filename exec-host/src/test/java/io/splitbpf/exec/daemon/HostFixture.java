package io.splitbpf.exec.daemon;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.exec.admission.AnchorFolder;
import io.splitbpf.exec.admission.ArtifactAdmission;
import io.splitbpf.exec.admission.HostPlatform;
import io.splitbpf.exec.admission.TestArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/// A host in a temporary state directory made by [Pki#init]: tenants `alice` and `bob`, the
/// verifier's signer (to sign test artifacts without the verifier) and a [ProgramStore] with two
/// execution slots; handlers are made for a tenant as a connection would get them.
final class HostFixture {
    static final int SLOTS = 2;

    final StateLayout state;
    final Pki pki;
    final Credential signer;
    final Credential alice;
    final Credential bob;
    final ProgramStore store;
    final HostStatus status = new HostStatus("test", Instant.now(), List.of("test: applied"), 8);

    HostFixture(Path dir, long tenantMemoryBytes) {
        try {
            state = new StateLayout(dir);
            pki = Pki.at(state, Clock.systemUTC());
            pki.init(KeyAlgorithm.EC_P256, Duration.ofDays(30));
            signer = SignerStore.at(state.signer()).current();
            alice = pki.issueTenant("alice", null);
            bob = pki.issueTenant("bob", null);
            store = store(tenantMemoryBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /// A new store over the same state directory (what a restarted daemon has).
    ProgramStore store(long tenantMemoryBytes) throws IOException {
        ArtifactAdmission admission = new ArtifactAdmission(AnchorFolder.load(state.hostAnchors()), Clock.systemUTC(),
                HostPlatform.current());
        return new ProgramStore(state.host(), admission, new ProgramStore.Settings(SLOTS, tenantMemoryBytes),
                Clock.systemUTC());
    }

    HostHandler handler(Credential who) {
        return handler(who, store);
    }

    HostHandler handler(Credential who, ProgramStore on) {
        return new HostHandler(PeerIdentity.of(who.certificate()), on, new TestRunner(Duration.ofSeconds(30),
                Duration.ofSeconds(10)), status);
    }

    static ArtifactContent content(String object, String program, String tenant) {
        return TestArtifacts.content(object, program, tenant, Instant.now().minusSeconds(5), Duration.ofDays(1));
    }

    byte[] artifact(String object, String program, String tenant) {
        return sign(content(object, program, tenant));
    }

    byte[] sign(ArtifactContent content) {
        return TestArtifacts.sign(content, signer, Clock.systemUTC());
    }

    List<String> auditLines() throws IOException {
        Path log = state.auditLog();
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /// An Ethernet frame carrying IPv4 with protocol `proto` (a TCP/UDP header's worth of zeros).
    static byte[] ipv4Frame(int proto, int length) {
        byte[] f = new byte[length];
        byte[] head = HexFormat.of().parseHex("ffffffffffff0200000000010800" + "4500003c1c46400040"
                + String.format("%02x", proto) + "0000c0a80001c0a800c7");
        System.arraycopy(head, 0, f, 0, Math.min(head.length, length));
        return f;
    }

    /// A u32 key, little endian.
    static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /// A u64, little endian.
    static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >> (8 * i));
        }
        return b;
    }

    static long asU64(byte[] b) {
        long v = 0;
        for (int i = Math.min(7, b.length - 1); i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }
}
