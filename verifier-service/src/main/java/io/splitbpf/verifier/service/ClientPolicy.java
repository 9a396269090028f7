package io.splitbpf.verifier.service;

import io.splitbpf.certs.ca.Revocation;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.core.rpc.PeerIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// Who may call the verifier: a client certificate of our CA (TLS checks the chain) whose
/// profile is `tenant` or `admin`, and which the CA's current revocation list does not name.
///
/// The trust folder (`verifier/trust/`: `ca.crt`, `ca.crl`) is read again whenever one of its
/// files changed, so `ebpf cert revoke` takes effect on the next connection. A list that no
/// longer reads refuses every caller until it does: revocation fails closed.
final class ClientPolicy {
    private final Path dir;
    private final List<X509Certificate> cas;
    private FileStamp stamp;
    private TrustAnchors anchors;
    private String unreadable;

    private ClientPolicy(Path dir, FileStamp stamp, TrustAnchors anchors) {
        this.dir = dir;
        this.stamp = stamp;
        this.anchors = anchors;
        this.cas = anchors.certificates();
    }

    /// The policy of the trust folder `dir`.
    ///
    /// @throws IOException when it has no CA certificate or a file does not read
    static ClientPolicy load(Path dir) throws IOException {
        FileStamp stamp = FileStamp.of(dir, "*.{crt,crl}");
        return new ClientPolicy(dir, stamp, TrustAnchors.load(dir));
    }

    /// The CA certificates clients' chains must reach (as read at start-up: TLS keeps them).
    List<X509Certificate> cas() {
        return cas;
    }

    /// Why `peer` may not call, or nothing when it may.
    synchronized Optional<String> refusal(PeerIdentity peer) {
        Objects.requireNonNull(peer, "peer");
        if (!peer.isTenant() && !peer.isAdmin()) {
            return Optional.of("a '" + peer.unit() + "' certificate may not call the verifier (only tenant and admin "
                    + "certificates may)");
        }
        refresh();
        if (unreadable != null) {
            return Optional.of("the revocation list cannot be read (" + unreadable + "); every caller is refused until it can");
        }
        Optional<Revocation> revoked = anchors.revocation(peer.certificate());
        return revoked.map(r -> "certificate serial " + peer.serialHex() + " was revoked at " + r.revokedAt());
    }

    private void refresh() {
        try {
            FileStamp now = FileStamp.of(dir, "*.{crt,crl}");
            if (now.equals(stamp) && unreadable == null) return;
            anchors = TrustAnchors.load(dir);
            stamp = now;
            unreadable = null;
        } catch (IOException | RuntimeException e) {
            unreadable = dir + ": " + e.getMessage();
        }
    }
}
