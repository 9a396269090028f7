package io.splitbpf.certs.internal.bc;

import io.splitbpf.certs.ca.CertProfile;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.ca.Validity;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/// Builds and signs X.509 v3 certificates: the CA's self-signed certificate and the
/// end-entity certificates of each [CertProfile]. Names are built from RDNs, never parsed from
/// a string, so a name containing `,` or `=` cannot smuggle in extra attributes.
public final class X509Issuer {
    private static final String ORGANIZATION = "splitbpf";

    private X509Issuer() {}

    /// A self-signed CA certificate: basicConstraints CA (critical), keyUsage keyCertSign and
    /// cRLSign (critical), subject `CN=<commonName>, O=splitbpf`.
    public static X509Certificate selfSignedCa(String commonName, PublicKey publicKey, PrivateKey privateKey,
                                               BigInteger serial, Validity validity) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(validity.notBefore()), Date.from(validity.notAfter()), name, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("build CA certificate " + commonName, e);
        }
    }

    /// An end-entity certificate of `profile` for `publicKey`, signed by the CA: basicConstraints
    /// not-CA, keyUsage digitalSignature (critical), the profile's extended key usages and
    /// subject alternative names, subject `CN=<commonName>, OU=<profile unit>, O=splitbpf`.
    public static X509Certificate endEntity(CertProfile profile, String commonName, PublicKey publicKey,
                                            BigInteger serial, Validity validity,
                                            X509Certificate caCertificate, PrivateKey caKey) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, profile.unit())
                .addRDN(BCStyle.CN, commonName)
                .build();
        KeyPurposeId[] purposes = profile.extendedKeyUsages().stream()
                .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
                .toArray(KeyPurposeId[]::new);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial,
                    Date.from(validity.notBefore()), Date.from(validity.notAfter()),
                    subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(caCertificate));
            if (profile.namesLocalhost()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return sign(builder, caKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("build " + profile + " certificate " + commonName, e);
        }
    }

    /// A BC content signer for `key`, using the JDK's providers (nothing is registered).
    static ContentSigner contentSigner(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(KeyAlgorithm.of(key).signatureAlgorithm()).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("create signer for " + key.getAlgorithm() + " key", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner(key)));
    }
}
