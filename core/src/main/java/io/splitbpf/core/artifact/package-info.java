/// The signed artifact: what the verifier service signs and the host admits.
///
/// ```
/// artifact        = CMS SignedData(content, signer's certificate chain)      (certs)
/// content         = ArtifactCodec.encode(ArtifactContent)                      canonical bytes
/// ArtifactContent = VerifiedProgram (instructions as verified, maps 0..n-1)
///                 + program/attach type, helper ids, descriptor hash
///                 + verifier version, options, proven facts
///                 + tenant, issued/expires, object name and digest, source lines
/// ```
///
/// [VerifiedProgram] is the self-contained program cut out of an object: only the maps it
/// references, renumbered in order, so that what the verifier analysed, what is signed and what
/// the host binds are the same instructions. [ArtifactContents] converts between it and the
/// Thrift struct; [ArtifactCodec] owns the canonical encoding and its checks;
/// [DescriptorHash] binds the program type's descriptor and the helpers' prototypes.
package io.splitbpf.core.artifact;
