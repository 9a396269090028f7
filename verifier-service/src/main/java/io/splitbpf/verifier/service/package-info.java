/// The verifier service, `bin/ebpf-verifierd`: a separate, confined process that verifies
/// programs for its clients over Thrift with mutual TLS and signs what it proves.
///
/// ```
/// VerifierDaemon  command line, start-up lines, endpoint and pid files, SIGTERM
///   Sandbox       each confinement step as this process observes it: applied or refused
///   VerifierServer  the TLS endpoint: a VerifyHandler per connection, for the caller's identity
///     ClientPolicy  which certificates may call: tenants and the admin, not revoked (CRL re-read)
///     RequestSlots  bounded concurrent requests: beyond the limit the caller gets BUSY
///     VerifyHandler parse, select, verify within a budget, render, and sign what was accepted
///       SigningStage  the artifact's content, its expiry, and the signature with the current signer
/// ```
///
/// The service signs only a program it proved in the same call: the [VerifyHandler] hands the
/// [SigningStage] the very program it verified and the report that accepted it, and the stage
/// checks that the report's digest is that of the instructions it signs.
package io.splitbpf.verifier.service;
