package io.splitbpf.core.rpc;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/// TLS 1.3 contexts from a key, its chain and the CA certificates to trust, built in memory
/// (nothing is written to disk). The same context serves a daemon (server certificate) or a
/// client (client certificate); both sides require and verify the other's chain.
public final class TlsContexts {
    /// The only protocol version offered.
    public static final String PROTOCOL = "TLSv1.3";

    private TlsContexts() {}

    /// A context presenting `key` with `chain` and trusting certificates issued by `trusted`.
    public static SSLContext of(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted) {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("self", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            for (int i = 0; i < trusted.size(); i++) anchors.setCertificateEntry("ca" + i, trusted.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
