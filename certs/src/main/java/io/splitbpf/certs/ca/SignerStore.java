package io.splitbpf.certs.ca;

import io.splitbpf.certs.internal.StateFiles;
import io.splitbpf.certs.internal.bc.PemCodec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/// The verifier service's program-signing credential in a state directory, and the
/// certificates of the signers it replaced:
///
/// ```
/// <dir>/signer.key                 current private key (PKCS#8 PEM, rw-------)
/// <dir>/signer.crt                 current certificate, then the CA's (PEM, rw-r--r--)
/// <dir>/retired/<serial hex>.crt   each replaced signer's certificate (PEM, rw-r--r--)
/// ```
///
/// [#rotate] installs a new signer. The replaced key is overwritten, never kept: nothing may
/// sign with it again. Its certificate is kept under `retired/` so that it can still be listed
/// and revoked; artifacts it signed stay valid on hosts until it expires or is revoked,
/// because each artifact carries its signer's certificate and hosts need only the CA.
public final class SignerStore {
    /// The base name of the current signer's files: `signer.key`, `signer.crt`.
    public static final String FILE_NAME = "signer";

    private final Path dir;

    private SignerStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /// The store in `dir`, which need not exist yet.
    public static SignerStore at(Path dir) {
        return new SignerStore(dir);
    }

    /// The store's directory.
    public Path directory() {
        return dir;
    }

    /// Whether a current signer is installed.
    public boolean exists() {
        return Files.exists(dir.resolve(FILE_NAME + ".key"));
    }

    /// The current signer's key and chain. The key file must be owner-only.
    public Credential current() throws IOException {
        return Credential.load(dir, FILE_NAME);
    }

    /// The certificates of replaced signers, oldest first.
    public List<X509Certificate> retired() throws IOException {
        Path retiredDir = dir.resolve("retired");
        List<X509Certificate> certificates = new ArrayList<>();
        if (!Files.isDirectory(retiredDir)) return certificates;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(retiredDir, "*.crt")) {
            for (Path file : files) {
                List<X509Certificate> inFile = PemCodec.decodeCertificates(file, Files.readAllBytes(file));
                if (inFile.size() != 1) throw new PkiFileException(file, "expected exactly one certificate");
                certificates.add(inFile.getFirst());
            }
        }
        certificates.sort(Comparator.comparing(X509Certificate::getNotBefore)
                .thenComparing(X509Certificate::getSerialNumber));
        return List.copyOf(certificates);
    }

    /// Issues a new [CertProfile#VERIFIER_SIGNING] certificate for `commonName` with the
    /// profile's default validity and installs it; see [#rotate(CertificateAuthority, String, Validity)].
    public Credential rotate(CertificateAuthority ca, String commonName) throws IOException {
        return install(ca.issue(CertProfile.VERIFIER_SIGNING, commonName));
    }

    /// Issues a new [CertProfile#VERIFIER_SIGNING] certificate for `commonName`, valid for
    /// `validity`, and makes it the current signer. The previous signer's certificate moves to
    /// `retired/`; its key is replaced. With no previous signer this is the first issue.
    ///
    /// Each file is replaced atomically (key first, then certificate). A crash between the two
    /// leaves a key that does not match its certificate, which [#current] reports rather than
    /// using, and which the next rotation repairs.
    public Credential rotate(CertificateAuthority ca, String commonName, Validity validity) throws IOException {
        return install(ca.issue(CertProfile.VERIFIER_SIGNING, commonName, validity));
    }

    private Credential install(Credential next) throws IOException {
        StateFiles.createDirectories(dir);
        Path chainFile = dir.resolve(FILE_NAME + ".crt");
        if (Files.exists(chainFile)) {
            // Read the certificate alone: after an interrupted rotation the key may not match it,
            // and retiring it must still work.
            List<X509Certificate> chain = PemCodec.decodeCertificates(chainFile, Files.readAllBytes(chainFile));
            if (chain.isEmpty()) throw new PkiFileException(chainFile, "no certificate in file");
            X509Certificate previous = chain.getFirst();
            Path retiredDir = dir.resolve("retired");
            StateFiles.createDirectories(retiredDir);
            Path retiredFile = retiredDir.resolve(previous.getSerialNumber().toString(16) + ".crt");
            if (!Files.exists(retiredFile)) {
                StateFiles.writePublic(retiredFile, PemCodec.encodeCertificates(List.of(previous)));
            }
        }
        StateFiles.replace(dir.resolve(FILE_NAME + ".key"), PemCodec.encodeKey(next.key()), StateFiles.KEY_PERMISSIONS);
        StateFiles.replace(chainFile, PemCodec.encodeCertificates(next.chain()),
                StateFiles.PUBLIC_PERMISSIONS);
        return next;
    }
}
