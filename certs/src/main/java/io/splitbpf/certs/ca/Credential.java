package io.splitbpf.certs.ca;

import io.splitbpf.certs.internal.StateFiles;
import io.splitbpf.certs.internal.bc.PemCodec;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/// A private key with its certificate chain: the leaf certificate first, then its issuers up
/// to (and including) the CA. The key is checked to belong to the leaf when the credential is
/// made, so a credential in hand is always usable.
///
/// [#toString()] names the certificate, never the key.
///
/// @param key the private key of the leaf certificate
/// @param chain the leaf certificate followed by its issuers; not empty
public record Credential(PrivateKey key, List<X509Certificate> chain) {
    public Credential {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) throw new IllegalArgumentException("credential needs at least its own certificate");
        requireMatch(key, chain.getFirst());
    }

    /// The leaf certificate, the one the key belongs to.
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /// Writes `<name>.key` (PKCS#8 PEM, created `rw-------`) and `<name>.crt` (the chain in
    /// PEM, `rw-r--r--`) into `dir`, creating it owner-only if needed. Neither file may exist.
    public void save(Path dir, String name) throws IOException {
        StateFiles.createDirectories(dir);
        Path keyFile = dir.resolve(name + ".key");
        Path chainFile = dir.resolve(name + ".crt");
        // Check both first, so a refusal leaves no key behind without its certificate.
        for (Path file : List.of(keyFile, chainFile)) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(file.toString());
        }
        StateFiles.writeKey(keyFile, PemCodec.encodeKey(key));
        StateFiles.writePublic(chainFile, PemCodec.encodeCertificates(chain));
    }

    /// Reads `<name>.key` and `<name>.crt` from `dir`, as written by [#save]. The key file
    /// must be owner-only.
    public static Credential load(Path dir, String name) throws IOException {
        Path keyFile = dir.resolve(name + ".key");
        Path chainFile = dir.resolve(name + ".crt");
        PrivateKey key = PemCodec.decodeKey(keyFile, StateFiles.readKey(keyFile));
        List<X509Certificate> chain = PemCodec.decodeCertificates(chainFile, Files.readAllBytes(chainFile));
        if (chain.isEmpty()) throw new PkiFileException(chainFile, "no certificate in file");
        try {
            return new Credential(key, chain);
        } catch (IllegalArgumentException e) {
            throw new PkiFileException(keyFile, "does not fit " + chainFile.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        X509Certificate leaf = chain.getFirst();
        return "Credential[" + leaf.getSubjectX500Principal().getName() + ", serial "
                + leaf.getSerialNumber().toString(16) + "]";
    }

    /// Signs a probe with `key` and checks it against the certificate's public key: the only
    /// way to compare an EC private key with a public key without recomputing the point.
    private static void requireMatch(PrivateKey key, X509Certificate certificate) {
        KeyAlgorithm algorithm = KeyAlgorithm.of(key);
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm.signatureAlgorithm());
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("private key does not belong to certificate "
                    + certificate.getSubjectX500Principal().getName() + " (serial "
                    + certificate.getSerialNumber().toString(16) + ")");
        }
    }
}
