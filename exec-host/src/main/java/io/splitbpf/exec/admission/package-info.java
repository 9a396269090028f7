/// Admission: whether this host runs a signed artifact for a caller.
///
/// ```
/// ArtifactAdmission(anchors, clock, HostPlatform).admit(artifact bytes, caller)
///     -> Admitted(program, content, descriptor, signer, serial, artifact)
///      | AdmissionException(Reason, detail)
/// Reason = MALFORMED | BAD_SIGNATURE | UNTRUSTED_CHAIN | WRONG_KEY_USAGE | EXPIRED | NOT_YET_VALID
///        | REVOKED | WRONG_TENANT | DIGEST_MISMATCH | DESCRIPTOR_CHANGED | UNSUPPORTED
/// AnchorFolder  host/anchors (CA certificates, CRLs), read again when a file changes
/// HostPlatform  the program types, map types and helpers this host can run
/// ```
///
/// The host trusts signatures only: it never runs the verifier. Admission creates nothing; the
/// daemon ([io.splitbpf.exec.daemon]) loads what was admitted.
package io.splitbpf.exec.admission;
