package io.splitbpf.certs.sign;

import io.splitbpf.certs.internal.bc.CmsCodec;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// A signed artifact taken apart without deciding whether to trust it: its content, its
/// signer's certificate and the certificates it carries, for tools that show what an artifact
/// holds (`ebpf artifact show`, `ebpf prog dump xlated`). Only [ArtifactVerifier] says whether
/// the content may be used.
///
/// @param content the encapsulated content (the canonical artifact encoding), a copy
/// @param signer the certificate the signer info points at
/// @param certificates every certificate the artifact carries, the signer's included
/// @param signatureFailure why the signature does not verify with the signer's key, or empty
public record SignedArtifact(byte[] content, X509Certificate signer, List<X509Certificate> certificates,
                             Optional<String> signatureFailure) {
    public SignedArtifact {
        content = content.clone();
        Objects.requireNonNull(signer, "signer");
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(signatureFailure, "signatureFailure");
    }

    /// Takes `artifact` apart.
    ///
    /// @throws IllegalArgumentException when the bytes are not a single-signer CMS SignedData
    ///         with encapsulated content and the signer's certificate; the message says why
    public static SignedArtifact read(byte[] artifact) {
        if (artifact.length > ArtifactVerifier.MAX_ARTIFACT_BYTES) {
            throw new IllegalArgumentException("artifact of " + artifact.length + " bytes exceeds the limit of "
                    + ArtifactVerifier.MAX_ARTIFACT_BYTES);
        }
        try {
            CmsCodec.Parsed parsed = CmsCodec.parse(artifact);
            return new SignedArtifact(parsed.content(), parsed.signerCertificate(), parsed.certificates(),
                    parsed.signatureFailure());
        } catch (CmsCodec.MalformedException e) {
            throw new IllegalArgumentException("not a signed artifact: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /// How refusals and tools name the signer: `certificate 'CN=…' (serial 1f…)`.
    public String signerDescription() {
        return ArtifactVerifier.describe(signer);
    }
}
