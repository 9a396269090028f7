/// Signing and checking artifacts.
///
/// ```
/// ArtifactSigner(Credential, Clock).sign(content)        -> DER CMS SignedData
/// ArtifactVerifier(TrustAnchors, Clock).verify(artifact) -> SignatureCheck
/// SignatureCheck = Valid(signer, serial, content) | Refused(Reason, detail)
/// TrustAnchors   = CA certificate+ , RevocationList*       (loaded from *.crt, *.crl)
/// ```
///
/// The verifier service holds an [io.splitbpf.certs.sign.ArtifactSigner]; an execution host
/// holds only [io.splitbpf.certs.sign.TrustAnchors] and admits nothing that
/// [io.splitbpf.certs.sign.ArtifactVerifier] refuses.
package io.splitbpf.certs.sign;
