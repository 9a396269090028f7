package io.splitbpf.certs.ca;

import io.splitbpf.certs.internal.StateFiles;
import io.splitbpf.certs.internal.bc.CrlBuilder;
import io.splitbpf.certs.internal.bc.PemCodec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/// A signed X.509 CRL of one CA, with its entries read out. Every instance has had its
/// signature checked against its issuer's certificate, so holding one means the CA published
/// it. New lists come from [CertificateAuthority#revoke] and [CertificateAuthority#publish].
///
/// The host treats an entry as final: a certificate listed here is refused whatever the
/// instant of the check, because an artifact carries no trusted time of signing that could
/// show it was signed before the revocation.
public final class RevocationList {
    private final X509CRL crl;
    private final X509Certificate issuer;
    private final BigInteger number;
    private final List<Revocation> entries;

    private RevocationList(X509CRL crl, X509Certificate issuer, BigInteger number, List<Revocation> entries) {
        this.crl = crl;
        this.issuer = issuer;
        this.number = number;
        this.entries = entries;
    }

    /// Reads `crl`, checking that `issuer` signed it.
    ///
    /// @throws IllegalArgumentException if the names differ, the signature does not verify,
    ///         the CRL has no CRL number or no nextUpdate, or it has critical extensions (delta
    ///         or indirect CRLs) this PKI does not publish
    public static RevocationList of(X509CRL crl, X509Certificate issuer) {
        Objects.requireNonNull(crl, "crl");
        X500Principal issuerName = issuer.getSubjectX500Principal();
        if (!crl.getIssuerX500Principal().equals(issuerName)) {
            throw new IllegalArgumentException("revocation list issued by " + crl.getIssuerX500Principal().getName()
                    + ", not by " + issuerName.getName());
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("revocation list of " + issuerName.getName()
                    + " is not signed by that CA's key (serial " + issuer.getSerialNumber().toString(16) + ")", e);
        }
        BigInteger number = CrlBuilder.number(crl).orElseThrow(() -> new IllegalArgumentException(
                "revocation list of " + issuerName.getName() + " has no CRL number"));
        Set<String> critical = crl.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            throw new IllegalArgumentException("revocation list of " + issuerName.getName()
                    + " has critical extensions this PKI does not understand: " + critical);
        }
        if (crl.getNextUpdate() == null) {
            throw new IllegalArgumentException("revocation list of " + issuerName.getName() + " has no nextUpdate");
        }
        return new RevocationList(crl, issuer, number, readEntries(crl));
    }

    /// Reads the PEM CRL in `file`, checking that `issuer` signed it.
    public static RevocationList load(Path file, X509Certificate issuer) throws IOException {
        X509CRL crl = PemCodec.decodeCrl(file, Files.readAllBytes(file));
        try {
            return of(crl, issuer);
        } catch (IllegalArgumentException e) {
            throw new PkiFileException(file, e.getMessage(), e);
        }
    }

    /// Writes the CRL as PEM to `file` (`rw-r--r--`), atomically replacing an older one so
    /// that a host reading it never sees half a list.
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) StateFiles.createDirectories(parent);
        StateFiles.replace(file, PemCodec.encodeCrl(crl), StateFiles.PUBLIC_PERMISSIONS);
    }

    /// The signed CRL itself.
    public X509CRL crl() {
        return crl;
    }

    /// The certificate of the CA that signed this list.
    public X509Certificate issuer() {
        return issuer;
    }

    /// The CRL number: it grows by one with each list the CA publishes.
    public BigInteger number() {
        return number;
    }

    /// When this list was published.
    public Instant thisUpdate() {
        return crl.getThisUpdate().toInstant();
    }

    /// When the CA promises to have published the next list.
    public Instant nextUpdate() {
        return crl.getNextUpdate().toInstant();
    }

    /// The revoked certificates, by increasing serial.
    public List<Revocation> entries() {
        return entries;
    }

    /// The entry for `serial`, if it is revoked.
    public Optional<Revocation> find(BigInteger serial) {
        return entries.stream().filter(r -> r.serial().equals(serial)).findFirst();
    }

    /// The entry revoking `certificate`, if this list's CA issued it and revoked it.
    public Optional<Revocation> check(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) return Optional.empty();
        return find(certificate.getSerialNumber());
    }

    @Override
    public String toString() {
        return "RevocationList[" + issuer.getSubjectX500Principal().getName() + ", number " + number
                + ", " + entries.size() + " revoked, next update " + nextUpdate() + "]";
    }

    private static List<Revocation> readEntries(X509CRL crl) {
        Set<? extends X509CRLEntry> revoked = crl.getRevokedCertificates();
        List<Revocation> entries = new ArrayList<>();
        if (revoked != null) {
            for (X509CRLEntry e : revoked) {
                if (e.hasUnsupportedCriticalExtension() || e.getCertificateIssuer() != null) {
                    // An indirect CRL entry would revoke a certificate of another issuer.
                    throw new IllegalArgumentException("revocation list of " + crl.getIssuerX500Principal().getName()
                            + " has an entry for serial " + e.getSerialNumber().toString(16)
                            + " with extensions this PKI does not understand");
                }
                CRLReason reason = e.getRevocationReason() == null ? CRLReason.UNSPECIFIED : e.getRevocationReason();
                if (reason == CRLReason.REMOVE_FROM_CRL) continue; // only meaningful in delta CRLs
                entries.add(new Revocation(e.getSerialNumber(), reason, e.getRevocationDate().toInstant()));
            }
        }
        entries.sort(Comparator.comparing(Revocation::serial));
        return List.copyOf(entries);
    }
}
