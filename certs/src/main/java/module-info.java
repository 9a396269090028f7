/// splitbpf's PKI: a certificate authority that issues verifier-signing, host, tenant and
/// admin certificates and publishes revocation lists ([io.splitbpf.certs.ca]), and the
/// signing and checking of artifacts as CMS SignedData ([io.splitbpf.certs.sign]).
///
/// Bouncy Castle is used only inside `io.splitbpf.certs.internal.bc`; exported signatures
/// use `java.security` and `java.security.cert` types.
module io.splitbpf.certs {
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports io.splitbpf.certs.ca;
    exports io.splitbpf.certs.sign;
    exports io.splitbpf.certs.state;
}
