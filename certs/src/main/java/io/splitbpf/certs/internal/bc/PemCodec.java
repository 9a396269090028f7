package io.splitbpf.certs.internal.bc;

import io.splitbpf.certs.ca.PkiFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/// PEM for the PKI's files: private keys as unencrypted PKCS#8 (`PRIVATE KEY`), certificates
/// (`CERTIFICATE`, several in a row for a chain) and CRLs (`X509 CRL`). Decoding is strict:
/// a file must hold only objects of the expected type.
public final class PemCodec {
    private PemCodec() {}

    /// The PKCS#8 PEM form of `key`. Its result must only ever go to an owner-only file.
    public static String encodeKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key has no PKCS#8 encoding (format " + key.getFormat() + ")");
        }
        return encode(List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
    }

    /// The PEM form of `certificates`, one block each, in order.
    public static String encodeCertificates(List<X509Certificate> certificates) {
        List<PemObject> blocks = new ArrayList<>();
        for (X509Certificate c : certificates) {
            try {
                blocks.add(new PemObject("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("encode certificate " + c.getSubjectX500Principal().getName(), e);
            }
        }
        return encode(blocks);
    }

    /// The PEM form of `crl`.
    public static String encodeCrl(X509CRL crl) {
        try {
            return encode(List.of(new PemObject("X509 CRL", crl.getEncoded())));
        } catch (CRLException e) {
            throw new IllegalArgumentException("encode revocation list of " + crl.getIssuerX500Principal().getName(), e);
        }
    }

    /// The one PKCS#8 private key (ECDSA or Ed25519) held by `pem`, read from `file`.
    public static PrivateKey decodeKey(Path file, String pem) throws PkiFileException {
        List<Object> objects = parse(file, pem.getBytes(StandardCharsets.US_ASCII));
        if (objects.size() != 1 || !(objects.getFirst() instanceof PrivateKeyInfo info)) {
            throw new PkiFileException(file, "expected exactly one PKCS#8 private key (BEGIN PRIVATE KEY)");
        }
        var oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm;
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) algorithm = "EC";
        else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) algorithm = "Ed25519";
        else throw new PkiFileException(file, "unsupported private key algorithm " + oid.getId());
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiFileException(file, "unreadable " + algorithm + " private key", e);
        }
    }

    /// The certificates held by `pem`, in file order, read from `file`.
    public static List<X509Certificate> decodeCertificates(Path file, byte[] pem) throws PkiFileException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : parse(file, pem)) {
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new PkiFileException(file, "expected only certificates, found " + describe(o));
            }
            try {
                certificates.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new PkiFileException(file, "unreadable certificate " + holder.getSubject(), e);
            }
        }
        return certificates;
    }

    /// The one CRL held by `pem`, read from `file`.
    public static X509CRL decodeCrl(Path file, byte[] pem) throws PkiFileException {
        List<Object> objects = parse(file, pem);
        if (objects.size() != 1 || !(objects.getFirst() instanceof X509CRLHolder holder)) {
            throw new PkiFileException(file, "expected exactly one revocation list (BEGIN X509 CRL)");
        }
        try {
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (CRLException e) {
            throw new PkiFileException(file, "unreadable revocation list", e);
        }
    }

    private static List<Object> parse(Path file, byte[] pem) throws PkiFileException {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) objects.add(o);
        } catch (IOException | RuntimeException e) {
            throw new PkiFileException(file, "malformed PEM", e);
        }
        return objects;
    }

    private static String describe(Object o) {
        return o instanceof PrivateKeyInfo ? "a private key" : o.getClass().getSimpleName();
    }

    private static String encode(List<PemObject> blocks) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (PemObject block : blocks) writer.writeObject(block);
        } catch (IOException e) {
            throw new UncheckedIOException("write PEM to memory", e);
        }
        return out.toString();
    }
}
