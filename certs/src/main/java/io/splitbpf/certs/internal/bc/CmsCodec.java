package io.splitbpf.certs.internal.bc;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/// CMS SignedData (RFC 5652) for artifacts: one signer, encapsulated content, signed
/// attributes (content type, message digest, signing time, algorithm protection), and the
/// signer's certificate chain; DER throughout.
public final class CmsCodec {
    /// Digests a signer may use: SHA-256, SHA-384, SHA-512 (Ed25519 signers use SHA-512, RFC 8419).
    private static final Set<String> DIGESTS = Set.of(
            "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3");
    /// Signature algorithms a signer may use: ecdsa-with-SHA256/384/512 and Ed25519.
    private static final Set<String> SIGNATURES = Set.of(
            "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", "1.3.101.112");

    private CmsCodec() {}

    /// Why bytes are not a well-formed single-signer SignedData: a lowercase fragment.
    public static final class MalformedException extends Exception {
        MalformedException(String message, Throwable cause) {
            super(message, cause);
        }

        MalformedException(String message) {
            super(message);
        }
    }

    /// A parsed SignedData: its content, its one signer's certificate and the other certificates
    /// it carries. The signature has not been checked yet: see [#signatureFailure].
    public static final class Parsed {
        private final byte[] content;
        private final SignerInformation signer;
        private final X509Certificate signerCertificate;
        private final List<X509Certificate> certificates;

        private Parsed(byte[] content, SignerInformation signer, X509Certificate signerCertificate,
                       List<X509Certificate> certificates) {
            this.content = content;
            this.signer = signer;
            this.signerCertificate = signerCertificate;
            this.certificates = certificates;
        }

        /// The encapsulated content, a copy.
        public byte[] content() {
            return content.clone();
        }

        /// The certificate the signer info points at.
        public X509Certificate signerCertificate() {
            return signerCertificate;
        }

        /// Every certificate the SignedData carries, the signer's included.
        public List<X509Certificate> certificates() {
            return certificates;
        }

        /// Why the signature does not verify with the signer certificate's public key, or empty
        /// when it does. The certificate's validity is not consulted here: the caller checks it
        /// at the instant it cares about (BC would check it at the self-asserted signing time).
        public Optional<String> signatureFailure() {
            try {
                return check();
            } catch (CMSException | OperatorCreationException | RuntimeException e) {
                return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }

        private Optional<String> check() throws CMSException, OperatorCreationException {
            if (!DIGESTS.contains(signer.getDigestAlgOID())) {
                return Optional.of("unsupported digest algorithm " + signer.getDigestAlgOID());
            }
            if (!SIGNATURES.contains(signer.getEncryptionAlgOID())) {
                return Optional.of("unsupported signature algorithm " + signer.getEncryptionAlgOID());
            }
            if (signer.getSignedAttributes() == null) {
                return Optional.of("no signed attributes");
            }
            boolean ok = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signerCertificate.getPublicKey()));
            return ok ? Optional.empty() : Optional.of("signature does not match the signed attributes");
        }
    }

    /// Signs `content` with `key`, whose certificate is `chain.getFirst()`, embedding `content`
    /// and `chain`. `signingTime` goes into the signed attributes; it is informational, since
    /// no verifier can trust a signer's own clock.
    public static byte[] sign(byte[] content, PrivateKey key, List<X509Certificate> chain, Instant signingTime) {
        try {
            AttributeTable attributes = new AttributeTable(new Attribute(CMSAttributes.signingTime,
                    new DERSet(new Time(Date.from(signingTime)))));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
                    .build(X509Issuer.contentSigner(key), chain.getFirst()));
            generator.addCertificates(new JcaCertStore(chain));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), true);
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (CMSException | OperatorCreationException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("sign artifact as " + chain.getFirst().getSubjectX500Principal().getName(), e);
        }
    }

    /// Parses `der` as a DER ContentInfo holding a SignedData with encapsulated `id-data`
    /// content, exactly one signer, and that signer's certificate. Anything else, including
    /// trailing bytes and non-DER encodings (which would let one signature cover several byte
    /// strings), is malformed.
    public static Parsed parse(byte[] der) throws MalformedException {
        CMSSignedData signed = decode(der);
        try {
            return extract(signed);
        } catch (RuntimeException e) {
            // BC parses parts of the structure lazily and reports bad parts as runtime exceptions.
            throw new MalformedException("malformed SignedData", e);
        }
    }

    private static Parsed extract(CMSSignedData signed) throws MalformedException {
        if (!CMSObjectIdentifiers.data.getId().equals(signed.getSignedContentTypeOID())) {
            throw new MalformedException("content type is " + signed.getSignedContentTypeOID() + ", not id-data");
        }
        if (signed.getSignedContent() == null || !(signed.getSignedContent().getContent() instanceof byte[] content)) {
            throw new MalformedException("no encapsulated content (detached signature)");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) throw new MalformedException("expected exactly one signer, found " + signers.size());
        SignerInformation signer = signers.iterator().next();
        // Touch every lazily parsed part now, so a malformed one is reported as malformed here
        // rather than surfacing later as a failed signature.
        signer.getSignedAttributes();
        signer.getUnsignedAttributes();
        signer.getDigestAlgOID();
        signer.getEncryptionAlgOID();
        signer.getSignature();
        List<X509Certificate> certificates = new ArrayList<>();
        List<X509Certificate> matching = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        var sid = signer.getSID();
        try {
            for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
                X509Certificate certificate = converter.getCertificate(holder);
                certificates.add(certificate);
                if (sid.match(holder)) matching.add(certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedException("unreadable certificate", e);
        }
        if (matching.size() != 1) {
            throw new MalformedException(matching.isEmpty() ? "signer certificate is missing"
                    : "several certificates match the signer");
        }
        return new Parsed(Arrays.copyOf(content, content.length), signer, matching.getFirst(), List.copyOf(certificates));
    }

    private static CMSSignedData decode(byte[] der) throws MalformedException {
        ASN1Primitive primitive;
        try {
            // fromByteArray refuses trailing bytes after the outer object.
            primitive = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
                throw new MalformedException("not DER encoded");
            }
            return new CMSSignedData(ContentInfo.getInstance(primitive));
        } catch (IOException | CMSException | RuntimeException e) {
            throw new MalformedException("not a CMS SignedData", e);
        }
    }
}
