package io.splitbpf.certs.internal.bc;

import io.splitbpf.certs.ca.Revocation;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/// Builds and signs X.509 v2 CRLs, and reads the CRL number the JDK does not expose.
public final class CrlBuilder {
    private CrlBuilder() {}

    /// A CRL issued by `issuer` listing `revocations`, numbered `number`, valid from
    /// `thisUpdate` until `nextUpdate`.
    public static X509CRL build(X509Certificate issuer, PrivateKey issuerKey, List<Revocation> revocations,
                                BigInteger number, Instant thisUpdate, Instant nextUpdate) {
        X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName, Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (Revocation r : revocations) {
            // CRLReason's ordinal is its RFC 5280 code: the enum keeps the unused value 7.
            builder.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason().ordinal());
        }
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
            return new JcaX509CRLConverter().getCRL(builder.build(X509Issuer.contentSigner(issuerKey)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("build revocation list of " + issuer.getSubjectX500Principal().getName(), e);
        }
    }

    /// The CRL number extension of `crl`, if it has a well-formed one.
    public static Optional<BigInteger> number(X509CRL crl) {
        byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (value == null) return Optional.empty();
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(value).getOctets());
            return Optional.of(ASN1Integer.getInstance(inner).getValue());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
