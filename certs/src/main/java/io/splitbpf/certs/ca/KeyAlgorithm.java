package io.splitbpf.certs.ca;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;

/// The key algorithms the PKI issues: ECDSA on P-256 with SHA-256 (the default), or Ed25519.
/// Both are in the JDK (SunEC), so keys never depend on a registered provider.
public enum KeyAlgorithm {
    /// ECDSA over NIST P-256 (secp256r1), signing with SHA-256.
    EC_P256("SHA256withECDSA"),
    /// Ed25519 (RFC 8032), pure EdDSA.
    ED25519("Ed25519");

    private final String signatureAlgorithm;

    KeyAlgorithm(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /// The JCA signature algorithm used with keys of this kind, e.g. `SHA256withECDSA`.
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /// Generates a fresh key pair of this kind.
    public KeyPair generate(SecureRandom random) {
        try {
            return switch (this) {
                case EC_P256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"), random);
                    yield g.generateKeyPair();
                }
                case ED25519 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
                    g.initialize(NamedParameterSpec.ED25519, random);
                    yield g.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("generate " + this + " key pair: the JDK lacks " + this, e);
        }
    }

    /// The algorithm of `key`, public or private.
    ///
    /// @throws IllegalArgumentException for any other kind of key (RSA, other curves)
    public static KeyAlgorithm of(Key key) {
        if (key instanceof ECKey ec && isP256(ec)) {
            return EC_P256;
        }
        if (key instanceof EdECKey ed && ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
            return ED25519;
        }
        throw new IllegalArgumentException("unsupported key: " + key.getAlgorithm()
                + " (expected ECDSA P-256 or Ed25519)");
    }

    private static boolean isP256(ECKey key) {
        // P-256's order; another 256-bit curve (brainpoolP256r1, secp256k1) has a different one.
        return key.getParams().getOrder().toString(16)
                .equals("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    }
}
