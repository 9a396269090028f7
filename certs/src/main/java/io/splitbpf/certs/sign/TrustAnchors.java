package io.splitbpf.certs.sign;

import io.splitbpf.certs.ca.PkiFileException;
import io.splitbpf.certs.ca.Revocation;
import io.splitbpf.certs.ca.RevocationList;
import io.splitbpf.certs.internal.bc.PemCodec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// What a host trusts: CA certificates and their revocation lists. Nothing else is trusted,
/// whatever certificates an artifact carries.
///
/// Every CA certificate is a CA (basicConstraints CA, keyCertSign if keyUsage is present),
/// and every revocation list was signed by one of them; [#of] and [#load] refuse anything
/// else, so a misplaced file fails at start-up instead of weakening checks later.
public final class TrustAnchors {
    private final List<X509Certificate> certificates;
    private final List<RevocationList> revocationLists;

    private TrustAnchors(List<X509Certificate> certificates, List<RevocationList> revocationLists) {
        this.certificates = certificates;
        this.revocationLists = revocationLists;
    }

    /// Trusts `certificates`, with `revocationLists` each issued by one of them.
    ///
    /// @throws IllegalArgumentException if there is no certificate, one is not a CA, or a
    ///         revocation list's issuer is not among the certificates
    public static TrustAnchors of(Collection<X509Certificate> certificates, Collection<RevocationList> revocationLists) {
        List<X509Certificate> cas = List.copyOf(new LinkedHashSet<>(certificates));
        if (cas.isEmpty()) throw new IllegalArgumentException("no trusted CA certificate");
        for (X509Certificate ca : cas) requireCa(ca);
        for (RevocationList list : revocationLists) {
            if (!cas.contains(list.issuer())) {
                throw new IllegalArgumentException("revocation list of " + ArtifactVerifier.describe(list.issuer())
                        + " does not belong to a trusted CA");
            }
        }
        return new TrustAnchors(cas, List.copyOf(revocationLists));
    }

    /// Loads every `*.crt` file of `dir` (PEM, one or more CA certificates each) and every
    /// `*.crl` file (PEM, one CRL each, signed by one of those CAs), in name order. Other files,
    /// private keys included, are not read.
    public static TrustAnchors load(Path dir) throws IOException {
        List<X509Certificate> cas = new ArrayList<>();
        for (Path file : list(dir, "*.crt")) {
            List<X509Certificate> inFile = PemCodec.decodeCertificates(file, Files.readAllBytes(file));
            if (inFile.isEmpty()) throw new PkiFileException(file, "no certificate in file");
            for (X509Certificate ca : inFile) {
                try {
                    requireCa(ca);
                } catch (IllegalArgumentException e) {
                    throw new PkiFileException(file, e.getMessage(), e);
                }
            }
            cas.addAll(inFile);
        }
        if (cas.isEmpty()) throw new PkiFileException(dir, "no trusted CA certificate (*.crt)");
        List<RevocationList> lists = new ArrayList<>();
        for (Path file : list(dir, "*.crl")) lists.add(readCrl(file, cas));
        return of(cas, lists);
    }

    /// The trusted CA certificates.
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /// The revocation lists.
    public List<RevocationList> revocationLists() {
        return revocationLists;
    }

    /// The entry revoking `certificate` in a list of the CA that actually issued it (same name
    /// and a key that verifies the certificate's signature), if any.
    public Optional<Revocation> revocation(X509Certificate certificate) {
        for (RevocationList list : revocationLists) {
            if (!list.issuer().getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) continue;
            if (!issuedBy(certificate, list.issuer())) continue;
            Optional<Revocation> entry = list.check(certificate);
            if (entry.isPresent()) return entry;
        }
        return Optional.empty();
    }

    /// Whether a trusted CA has `certificate`'s issuer name.
    boolean trustsIssuerOf(X509Certificate certificate) {
        return certificates.stream()
                .anyMatch(ca -> ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()));
    }

    /// The CAs as PKIX trust anchors.
    Set<TrustAnchor> pkixAnchors() {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate ca : certificates) anchors.add(new TrustAnchor(ca, null));
        return anchors;
    }

    @Override
    public String toString() {
        return "TrustAnchors[" + certificates.size() + " CA, " + revocationLists.size() + " revocation lists]";
    }

    private static RevocationList readCrl(Path file, List<X509Certificate> cas) throws IOException {
        X509CRL crl = PemCodec.decodeCrl(file, Files.readAllBytes(file));
        List<String> failures = new ArrayList<>();
        for (X509Certificate ca : cas) {
            if (!ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) continue;
            try {
                return RevocationList.of(crl, ca);
            } catch (IllegalArgumentException e) {
                failures.add(e.getMessage());
            }
        }
        throw new PkiFileException(file, failures.isEmpty()
                ? "issuer " + crl.getIssuerX500Principal().getName() + " is not a trusted CA"
                : String.join("; ", failures));
    }

    private static void requireCa(X509Certificate ca) {
        if (ca.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(ArtifactVerifier.describe(ca) + " is not a CA certificate");
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage != null && !usage[5]) {
            throw new IllegalArgumentException(ArtifactVerifier.describe(ca) + " may not sign certificates (no keyCertSign)");
        }
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            for (Path file : stream) if (Files.isRegularFile(file)) files.add(file);
        }
        files.sort(null);
        return files;
    }
}
