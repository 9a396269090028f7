/// The state directory shared by the CLI and both daemons, and the PKI operations on it.
///
/// ```
/// STATE/
///   ca/          ca.key (0600) ca.crt, ca.crl (current revocation list), issued.tsv
///   verifier/    the verifier daemon's own: signer/ (signer.key 0600, signer.crt, retired/),
///                server.key/.crt, trust/ (ca.crt, ca.crl), endpoint, pid, log
///   host/        the host daemon's own: anchors/ (ca.crt, ca.crl: all it trusts),
///                server.key/.crt, audit.log, endpoint, pid, log, trace/
///   clients/     admin.key/.crt; tenants/NAME.key/.crt
/// ```
///
/// Each daemon reads only its own folder: the host never sees a private key but its own TLS
/// key, and the verifier's signing key is only under `verifier/signer/`.
package io.splitbpf.certs.state;
