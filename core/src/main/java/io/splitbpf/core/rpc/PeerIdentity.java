package io.splitbpf.core.rpc;

import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/// Who is at the other end of a connection, from its verified certificate: the subject's
/// common name and organisational unit (the certificate profile: `admin`, `tenant`, `host`).
///
/// @param name the common name: the tenant's name, `admin`, or a daemon's name
/// @param unit the profile unit
/// @param certificate the peer's end-entity certificate
public record PeerIdentity(String name, String unit, X509Certificate certificate) {
    /// The unit of administrators' certificates.
    public static final String ADMIN = "admin";
    /// The unit of tenants' certificates.
    public static final String TENANT = "tenant";

    public PeerIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(certificate, "certificate");
    }

    /// The identity `certificate` names.
    ///
    /// @throws IllegalArgumentException when the subject has no single CN and OU
    public static PeerIdentity of(X509Certificate certificate) {
        X500Principal subject = certificate.getSubjectX500Principal();
        String cn = null;
        String ou = null;
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                String type = rdn.getType();
                String value = String.valueOf(rdn.getValue());
                if (type.equalsIgnoreCase("CN")) cn = once(cn, value, "CN", subject);
                else if (type.equalsIgnoreCase("OU")) ou = once(ou, value, "OU", subject);
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("certificate subject " + subject + " does not parse", e);
        }
        if (cn == null || ou == null) {
            throw new IllegalArgumentException("certificate subject " + subject + " lacks a CN or an OU");
        }
        return new PeerIdentity(cn, ou, certificate);
    }

    private static String once(String previous, String value, String what, X500Principal subject) {
        if (previous != null) throw new IllegalArgumentException("certificate subject " + subject + " has two " + what);
        return value;
    }

    /// Whether this is an administrator's certificate.
    public boolean isAdmin() {
        return unit.equals(ADMIN);
    }

    /// Whether this is a tenant's certificate.
    public boolean isTenant() {
        return unit.equals(TENANT);
    }

    /// The serial number in hex, as `ebpf cert list` prints it.
    public String serialHex() {
        return certificate.getSerialNumber().toString(16);
    }

    @Override
    public String toString() {
        return unit + " " + name + " (serial " + serialHex() + ")";
    }
}
