package io.splitbpf.certs.state;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.ca.RevocationList;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.ca.Validity;
import io.splitbpf.certs.internal.StateFiles;
import io.splitbpf.certs.internal.bc.PemCodec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/// The PKI operations of `ebpf cert` on a state directory: create everything on first use,
/// issue tenant certificates, revoke, list, rotate the verifier's signing key. Every private key
/// is written owner-only and never printed.
public final class Pki {
    /// The common name of the verifier daemon's TLS certificate.
    public static final String VERIFIER_SERVER = "ebpf-verifierd";
    /// The common name of the host daemon's TLS certificate.
    public static final String HOST_SERVER = "ebpf-hostd";
    /// The common name of the verifier's program-signing certificate.
    public static final String SIGNER = "ebpf-verifier-signing";
    /// The administrator's client certificate's common name (and base file name).
    public static final String ADMIN = "admin";

    private static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final StateLayout state;
    private final Clock clock;

    private Pki(StateLayout state, Clock clock) {
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /// The PKI of `state`, which need not exist yet.
    public static Pki at(StateLayout state, Clock clock) {
        return new Pki(state, clock);
    }

    /// The state directory.
    public StateLayout state() {
        return state;
    }

    /// Whether [#init] has run here.
    public boolean exists() {
        return Files.exists(state.ca().resolve(CertificateAuthority.FILE_NAME + ".key"));
    }

    /// Creates the CA, the verifier's signing certificate, a TLS server certificate for each
    /// daemon, the admin client certificate and the first (empty) revocation list, and
    /// publishes the CA certificate and the list to both daemons' folders.
    ///
    /// @param validity how long the issued certificates are valid; `null` for each profile's default
    /// @return the files written, keys included (their paths, never their content)
    /// @throws FileAlreadyExistsException when the state directory already has a CA
    public List<Path> init(KeyAlgorithm algorithm, Duration validity) throws IOException {
        if (exists()) {
            throw new FileAlreadyExistsException(state.ca().resolve(CertificateAuthority.FILE_NAME + ".key").toString(),
                    null, "the state directory already has a CA; nothing was changed");
        }
        StateFiles.createDirectories(state.root());
        CertificateAuthority ca = CertificateAuthority.create("splitbpf CA", algorithm,
                Validity.starting(clock.instant(), CertificateAuthority.DEFAULT_VALIDITY), clock);
        ca.save(state.ca());
        List<Path> written = new ArrayList<>(List.of(state.ca().resolve("ca.key"), state.ca().resolve("ca.crt")));
        Credential signer = SignerStore.at(state.signer()).rotate(ca, SIGNER, validity(CertProfile.VERIFIER_SIGNING, validity));
        record(signer.certificate(), CertProfile.VERIFIER_SIGNING, SIGNER);
        written.add(state.signer().resolve(SignerStore.FILE_NAME + ".key"));
        written.addAll(issueTo(ca, CertProfile.HOST, VERIFIER_SERVER, state.verifier(), "server", validity));
        written.addAll(issueTo(ca, CertProfile.HOST, HOST_SERVER, state.host(), "server", validity));
        written.addAll(issueTo(ca, CertProfile.ADMIN, ADMIN, state.clients(), ADMIN, validity));
        for (Path dir : List.of(state.verifierTrust(), state.hostAnchors())) {
            StateFiles.createDirectories(dir);
            StateFiles.writePublic(dir.resolve("ca.crt"), PemCodec.encodeCertificates(List.of(ca.certificate())));
            written.add(dir.resolve("ca.crt"));
        }
        written.addAll(publish(ca.revocationList()));
        return written;
    }

    /// Issues a client certificate for tenant `name` into `clients/tenants/`.
    ///
    /// @throws IllegalArgumentException when the name is not a valid tenant name or is `admin`
    /// @throws FileAlreadyExistsException when the tenant already has a certificate
    public Credential issueTenant(String name, Duration validity) throws IOException {
        requireTenantName(name);
        CertificateAuthority ca = ca();
        Credential credential = ca.issue(CertProfile.TENANT, name, validity(CertProfile.TENANT, validity));
        credential.save(state.tenants(), name);
        record(credential.certificate(), CertProfile.TENANT, name);
        return credential;
    }

    /// Revokes the certificate with `serial` and publishes the new revocation list to both
    /// daemons' folders (hosts re-read it before each admission).
    ///
    /// @throws IllegalArgumentException when no certificate with that serial was issued here,
    ///         or it is already revoked
    public RevocationList revoke(BigInteger serial) throws IOException {
        if (list().stream().noneMatch(i -> i.serial().equals(serial))) {
            throw new IllegalArgumentException("no certificate with serial " + serial.toString(16)
                    + " was issued by this CA (see `ebpf cert list`)");
        }
        CertificateAuthority ca = ca();
        RevocationList next = ca.revoke(currentList(ca), serial, CRLReason.UNSPECIFIED);
        publish(next);
        return next;
    }

    /// Replaces the verifier's signing key with a new one. Artifacts signed by the old key
    /// stay valid until its certificate expires or is revoked.
    public Credential rotateSigner(Duration validity) throws IOException {
        CertificateAuthority ca = ca();
        Credential next = SignerStore.at(state.signer()).rotate(ca, SIGNER, validity(CertProfile.VERIFIER_SIGNING, validity));
        record(next.certificate(), CertProfile.VERIFIER_SIGNING, SIGNER);
        return next;
    }

    /// Every certificate this CA issued, in issue order, with its revocation state.
    public List<Issued> list() throws IOException {
        List<Issued> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(state.issued(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        }
        RevocationList crl = Files.exists(state.caCrl()) ? RevocationList.load(state.caCrl(), ca().certificate()) : null;
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            if (f.length != 4) throw new IOException(state.issued() + ":" + n + ": expected 4 tab-separated fields");
            BigInteger serial = new BigInteger(f[0], 16);
            boolean revoked = crl != null && crl.find(serial).isPresent();
            out.add(new Issued(serial, f[1], f[2], Instant.parse(f[3]), revoked));
        }
        return out;
    }

    /// One certificate of the register.
    ///
    /// @param serial its serial number
    /// @param profile the profile's unit (`verifier-signing`, `host`, `tenant`, `admin`)
    /// @param name its common name
    /// @param notAfter when it expires
    /// @param revoked whether the current revocation list names it
    public record Issued(BigInteger serial, String profile, String name, Instant notAfter, boolean revoked) {}

    /// Checks a tenant name: lower-case letters, digits, `.`, `_`, `-`, at most 63, not `admin`.
    public static void requireTenantName(String name) {
        if (!TENANT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tenant name '" + name + "' is not valid: use 1 to 63 lower-case "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (name.equals(ADMIN)) throw new IllegalArgumentException("'admin' is the administrator, not a tenant");
    }

    private CertificateAuthority ca() throws IOException {
        if (!exists()) {
            throw new NoSuchFileException(state.ca().toString(), null,
                    "no CA in this state directory; run `ebpf cert init` first");
        }
        return CertificateAuthority.load(state.ca(), clock);
    }

    private RevocationList currentList(CertificateAuthority ca) throws IOException {
        return Files.exists(state.caCrl()) ? RevocationList.load(state.caCrl(), ca.certificate()) : ca.revocationList();
    }

    private List<Path> publish(RevocationList list) throws IOException {
        List<Path> files = List.of(state.caCrl(), state.verifierTrust().resolve("ca.crl"),
                state.hostAnchors().resolve("ca.crl"));
        for (Path file : files) list.save(file);
        return files;
    }

    private List<Path> issueTo(CertificateAuthority ca, CertProfile profile, String name, Path dir, String file,
                               Duration validity) throws IOException {
        Credential credential = ca.issue(profile, name, validity(profile, validity));
        credential.save(dir, file);
        record(credential.certificate(), profile, name);
        return List.of(dir.resolve(file + ".key"), dir.resolve(file + ".crt"));
    }

    private Validity validity(CertProfile profile, Duration validity) {
        return Validity.starting(clock.instant(), validity == null ? profile.defaultValidity() : validity);
    }

    private void record(X509Certificate certificate, CertProfile profile, String name) throws IOException {
        StateFiles.createDirectories(state.ca());
        String line = certificate.getSerialNumber().toString(16) + "\t" + profile.unit() + "\t" + name + "\t"
                + certificate.getNotAfter().toInstant() + "\n";
        Files.writeString(state.issued(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
