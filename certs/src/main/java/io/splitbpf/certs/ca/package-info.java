/// The certificate authority and its state.
///
/// ```
/// CertificateAuthority.create(name, KeyAlgorithm, Validity, Clock) | .load(dir, Clock)
///   .issue(CertProfile, commonName[, KeyAlgorithm][, Validity]) -> Credential(key, chain)
///   .revocationList() | .revoke(list, serial, CRLReason) | .refresh(list, Duration) -> RevocationList
/// CertProfile  = VERIFIER_SIGNING | HOST | TENANT | ADMIN
/// SignerStore  = signer.key, signer.crt, retired/<serial>.crt     (rotate)
/// ```
///
/// On disk everything is PEM: private keys PKCS#8, created `rw-------`; certificates and
/// revocation lists `rw-r--r--`; directories created `rwx------`. Private keys are never
/// printed: [io.splitbpf.certs.ca.Credential#toString()] names the certificate only.
package io.splitbpf.certs.ca;
