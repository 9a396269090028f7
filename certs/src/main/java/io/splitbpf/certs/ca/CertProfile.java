package io.splitbpf.certs.ca;

import java.time.Duration;
import java.util.List;

/// What a certificate issued by the [CertificateAuthority] is for. Every profile has key
/// usage `digitalSignature` and a subject `CN=<name>, OU=<unit>, O=splitbpf`, where the unit
/// names the profile so that two client certificates with the same CN but different roles
/// cannot be confused.
///
/// | profile | extended key usage | subject alternative names |
/// | --- | --- | --- |
/// | `VERIFIER_SIGNING` | [#EBPF_VERIFICATION_EKU] only | none |
/// | `HOST` | serverAuth | DNS `localhost`, IP `127.0.0.1` |
/// | `TENANT` | clientAuth; CN is the tenant's identity | none |
/// | `ADMIN` | clientAuth | none |
public enum CertProfile {
    /// The verifier service's program-signing certificate: the only one a host accepts on an
    /// artifact.
    VERIFIER_SIGNING("verifier-signing", List.of(CertProfile.EBPF_VERIFICATION_EKU), Duration.ofDays(365)),
    /// A daemon's TLS server certificate.
    HOST("host", List.of(CertProfile.SERVER_AUTH_EKU), Duration.ofDays(365)),
    /// A tenant's TLS client certificate; its subject CN is the tenant name.
    TENANT("tenant", List.of(CertProfile.CLIENT_AUTH_EKU), Duration.ofDays(365)),
    /// The administrator's TLS client certificate.
    ADMIN("admin", List.of(CertProfile.CLIENT_AUTH_EKU), Duration.ofDays(365));

    /// The extended key usage "eBPF program verification": a certificate carrying it may sign
    /// artifacts of programs that the verifier proved safe, and no other certificate may.
    ///
    /// It lies under the `2.25` arc (ITU-T X.667: an OID made of a UUID's 128-bit integer,
    /// which needs no registration and cannot collide); the UUID is
    /// `ecdf7dff-58d9-40d3-b454-7c7f03021de8`. eBPF for Windows uses its own,
    /// `1.3.6.1.4.1.311.133.1`, under Microsoft's enterprise arc; we do not reuse it.
    public static final String EBPF_VERIFICATION_EKU = "2.25.314858244736572634066516638166220414440";
    /// id-kp-serverAuth (RFC 5280 §4.2.1.12).
    public static final String SERVER_AUTH_EKU = "1.3.6.1.5.5.7.3.1";
    /// id-kp-clientAuth (RFC 5280 §4.2.1.12).
    public static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";

    private final String unit;
    private final List<String> extendedKeyUsages;
    private final Duration defaultValidity;

    CertProfile(String unit, List<String> extendedKeyUsages, Duration defaultValidity) {
        this.unit = unit;
        this.extendedKeyUsages = extendedKeyUsages;
        this.defaultValidity = defaultValidity;
    }

    /// The subject's organizational unit that marks this profile, e.g. `tenant`.
    public String unit() {
        return unit;
    }

    /// The extended key usage OIDs that certificates of this profile carry.
    public List<String> extendedKeyUsages() {
        return extendedKeyUsages;
    }

    /// How long a certificate of this profile is valid unless the issuer says otherwise.
    public Duration defaultValidity() {
        return defaultValidity;
    }

    /// Whether the certificate names `localhost` and `127.0.0.1` as subject alternative names.
    public boolean namesLocalhost() {
        return this == HOST;
    }
}
