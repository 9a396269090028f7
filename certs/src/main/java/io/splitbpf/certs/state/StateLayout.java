package io.splitbpf.certs.state;

import java.nio.file.Path;
import java.util.Objects;

/// Where everything lives in a state directory (see the package documentation).
///
/// @param root the state directory
public record StateLayout(Path root) {
    /// The environment variable that names the default state directory.
    public static final String ENV = "SPLITBPF_STATE";

    public StateLayout {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /// The state directory named by `--state`, else `$SPLITBPF_STATE`, else `~/.splitbpf`.
    public static StateLayout resolve(Path explicit) {
        if (explicit != null) return new StateLayout(explicit);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return new StateLayout(Path.of(env));
        return new StateLayout(Path.of(System.getProperty("user.home"), ".splitbpf"));
    }

    /// The CA's folder: `ca.key`, `ca.crt`, `ca.crl`, `issued.tsv`.
    public Path ca() {
        return root.resolve("ca");
    }

    /// The current revocation list as the CA keeps it.
    public Path caCrl() {
        return ca().resolve("ca.crl");
    }

    /// The register of issued certificates (one line each: serial, profile, name, not-after).
    public Path issued() {
        return ca().resolve("issued.tsv");
    }

    /// The verifier daemon's folder.
    public Path verifier() {
        return root.resolve("verifier");
    }

    /// The verifier's signing key store (a [io.splitbpf.certs.ca.SignerStore]).
    public Path signer() {
        return verifier().resolve("signer");
    }

    /// What the verifier trusts for its clients: `ca.crt`, `ca.crl`.
    public Path verifierTrust() {
        return verifier().resolve("trust");
    }

    /// The host daemon's folder.
    public Path host() {
        return root.resolve("host");
    }

    /// The host's trust anchors (a [io.splitbpf.certs.sign.TrustAnchors] folder): `ca.crt`, `ca.crl`.
    public Path hostAnchors() {
        return host().resolve("anchors");
    }

    /// The host's audit log: one JSON object a line, one line per admission or refusal.
    public Path auditLog() {
        return host().resolve("audit.log");
    }

    /// The clients' folder: `admin.key/.crt` and `tenants/`.
    public Path clients() {
        return root.resolve("clients");
    }

    /// Where tenant client credentials live: `NAME.key/.crt`.
    public Path tenants() {
        return clients().resolve("tenants");
    }

    /// A daemon's folder by name: `verifier` or `host`.
    public Path daemon(String name) {
        return switch (name) {
            case "verifier" -> verifier();
            case "host" -> host();
            default -> throw new IllegalArgumentException("no daemon called " + name + " (verifier, host)");
        };
    }

    /// The file a daemon writes its listening address into (`host:port`) once it serves.
    public Path endpoint(String daemon) {
        return daemon(daemon).resolve("endpoint");
    }

    /// The file a daemon writes its process id into.
    public Path pidFile(String daemon) {
        return daemon(daemon).resolve("pid");
    }

    /// A daemon's log (its standard output and error when started by `ebpf daemon start`).
    public Path log(String daemon) {
        return daemon(daemon).resolve("log");
    }
}
