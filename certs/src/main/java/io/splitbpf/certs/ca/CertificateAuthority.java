package io.splitbpf.certs.ca;

import io.splitbpf.certs.internal.bc.CrlBuilder;
import io.splitbpf.certs.internal.bc.X509Issuer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/// The splitbpf certificate authority: a self-signed CA that issues the certificates of each
/// [CertProfile] and publishes [RevocationList]s.
///
/// A CA lives in memory once created or loaded; [#save] and [#load] move it to and from a
/// state directory as `ca.key` (PKCS#8 PEM, `rw-------`) and `ca.crt` (PEM, `rw-r--r--`).
/// The [Clock] decides `notBefore` of what it issues and `thisUpdate` of what it publishes.
public final class CertificateAuthority {
    /// How long a CA created without an explicit validity is valid: ten years.
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3653);
    /// How long a published revocation list is current (its nextUpdate): thirty days.
    public static final Duration DEFAULT_CRL_VALIDITY = Duration.ofDays(30);
    /// The base name of the CA's files in a state directory: `ca.key`, `ca.crt`.
    public static final String FILE_NAME = "ca";

    /// Common names: a letter or digit, then letters, digits, space, `.`, `_`, `@`, `-`; at
    /// most 64 characters (the X.520 upper bound for CN). A tenant's name is its identity, so
    /// nothing that could read differently in another tool is allowed.
    private static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9 ._@-]{0,62}[A-Za-z0-9._@-])?");

    private final Credential credential;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(Credential credential, Clock clock) {
        this.credential = credential;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /// A new CA named `commonName` with an ECDSA P-256 key, valid for [#DEFAULT_VALIDITY] from now.
    public static CertificateAuthority create(String commonName, Clock clock) {
        return create(commonName, KeyAlgorithm.EC_P256, Validity.starting(clock.instant(), DEFAULT_VALIDITY), clock);
    }

    /// A new CA named `commonName` with a fresh key of `algorithm`, valid for `validity`.
    public static CertificateAuthority create(String commonName, KeyAlgorithm algorithm, Validity validity,
                                              Clock clock) {
        requireCommonName(commonName);
        SecureRandom random = new SecureRandom();
        KeyPair keys = algorithm.generate(random);
        X509Certificate certificate = X509Issuer.selfSignedCa(commonName, keys.getPublic(), keys.getPrivate(),
                serial(random), validity);
        return new CertificateAuthority(new Credential(keys.getPrivate(), List.of(certificate)), clock);
    }

    /// Loads the CA saved in `dir` by [#save]. The key file must be owner-only.
    public static CertificateAuthority load(Path dir, Clock clock) throws IOException {
        Credential credential = Credential.load(dir, FILE_NAME);
        X509Certificate certificate = credential.certificate();
        Path file = dir.resolve(FILE_NAME + ".crt");
        if (certificate.getBasicConstraints() < 0) throw new PkiFileException(file, "not a CA certificate");
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new PkiFileException(file, "CA certificate is not self-signed", e);
        }
        return new CertificateAuthority(credential, clock);
    }

    /// Writes `ca.key` and `ca.crt` into `dir`, which is created owner-only if missing. An
    /// existing CA there is never overwritten: the files must not exist.
    public void save(Path dir) throws IOException {
        credential.save(dir, FILE_NAME);
    }

    /// The CA's self-signed certificate: what hosts and clients trust.
    public X509Certificate certificate() {
        return credential.certificate();
    }

    /// The algorithm of the CA's key; certificates it issues get keys of the same kind unless
    /// asked otherwise.
    public KeyAlgorithm keyAlgorithm() {
        return KeyAlgorithm.of(credential.key());
    }

    /// Issues a certificate of `profile` for `commonName`, with a fresh key of the CA's
    /// algorithm, valid for the profile's default validity from now.
    public Credential issue(CertProfile profile, String commonName) {
        return issue(profile, commonName, keyAlgorithm(), Validity.starting(clock.instant(), profile.defaultValidity()));
    }

    /// Issues a certificate of `profile` for `commonName`, with a fresh key of the CA's
    /// algorithm, valid for `validity`.
    public Credential issue(CertProfile profile, String commonName, Validity validity) {
        return issue(profile, commonName, keyAlgorithm(), validity);
    }

    /// Issues a certificate of `profile` for `commonName` with a fresh key of `algorithm`,
    /// valid for `validity`, which must end no later than the CA's own certificate. The
    /// credential's chain is the new certificate followed by the CA's.
    public Credential issue(CertProfile profile, String commonName, KeyAlgorithm algorithm, Validity validity) {
        Objects.requireNonNull(profile, "profile");
        requireCommonName(commonName);
        X509Certificate ca = certificate();
        if (validity.notAfter().isAfter(ca.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("certificate for " + commonName + " would outlive its CA: valid until "
                    + validity.notAfter() + ", CA until " + ca.getNotAfter().toInstant());
        }
        KeyPair keys = algorithm.generate(random);
        X509Certificate certificate = X509Issuer.endEntity(profile, commonName, keys.getPublic(), serial(random),
                validity, ca, credential.key());
        return new Credential(keys.getPrivate(), List.of(certificate, ca));
    }

    /// The first revocation list: no entries, number 1, current for [#DEFAULT_CRL_VALIDITY].
    public RevocationList revocationList() {
        return publish(List.of(), BigInteger.ONE, DEFAULT_CRL_VALIDITY);
    }

    /// A new revocation list with the entries of `current` plus `serial`, revoked now for
    /// `reason`; its number is one more than `current`'s.
    ///
    /// @throws IllegalArgumentException if `current` is another CA's or already lists `serial`
    public RevocationList revoke(RevocationList current, BigInteger serial, CRLReason reason) {
        requireOwn(current);
        if (current.find(serial).isPresent()) {
            throw new IllegalArgumentException("serial " + serial.toString(16) + " is already revoked");
        }
        List<Revocation> entries = new ArrayList<>(current.entries());
        entries.add(new Revocation(serial, reason, clock.instant()));
        return publish(entries, current.number().add(BigInteger.ONE), DEFAULT_CRL_VALIDITY);
    }

    /// A new revocation list with the same entries as `current`, published now and current
    /// for `validity`: what a CA re-publishes before `current`'s nextUpdate passes.
    public RevocationList refresh(RevocationList current, Duration validity) {
        requireOwn(current);
        return publish(current.entries(), current.number().add(BigInteger.ONE), validity);
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate().getSubjectX500Principal().getName() + "]";
    }

    private RevocationList publish(List<Revocation> entries, BigInteger number, Duration validity) {
        Validity window = Validity.starting(clock.instant(), validity);
        var crl = CrlBuilder.build(certificate(), credential.key(), entries, number,
                window.notBefore(), window.notAfter());
        return RevocationList.of(crl, certificate());
    }

    private void requireOwn(RevocationList list) {
        if (!list.issuer().equals(certificate())) {
            throw new IllegalArgumentException("revocation list belongs to "
                    + list.issuer().getSubjectX500Principal().getName() + " (serial "
                    + list.issuer().getSerialNumber().toString(16) + "), not to this CA");
        }
    }

    private static void requireCommonName(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        if (!COMMON_NAME.matcher(commonName).matches()) {
            throw new IllegalArgumentException("invalid common name '" + commonName
                    + "': use 1 to 64 letters, digits, space, '.', '_', '@' or '-', not starting or ending with space");
        }
    }

    /// A random positive serial of 128 bits (RFC 5280 allows up to 20 octets; CA/Browser
    /// Forum rules ask for at least 64 random bits).
    private static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }
}
