package io.splitbpf.certs.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.rpc.RpcConnection;
import io.splitbpf.core.rpc.RpcLimits;
import io.splitbpf.core.rpc.RpcServer;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.core.thrift.ServiceStatus;
import io.splitbpf.core.thrift.VerifierService;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The PKI a state directory gets on first use, and Thrift over mutual TLS with it: the server
/// learns the caller from its certificate, refuses whom its factory refuses, and keeps serving
/// after garbage.
class RpcOverPkiTest {
    @TempDir
    Path dir;

    @Test
    void initWritesOwnerOnlyKeysAndRefusesToRunTwice() throws IOException {
        Pki pki = Pki.at(new StateLayout(dir), Clock.systemUTC());
        List<Path> written = pki.init(KeyAlgorithm.EC_P256, null);
        for (Path p : written) {
            assertTrue(Files.exists(p), p.toString());
            if (p.toString().endsWith(".key")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> pki.init(KeyAlgorithm.EC_P256, null));
        assertEquals(List.of("verifier-signing", "host", "host", "admin"),
                pki.list().stream().map(Pki.Issued::profile).toList());
    }

    @Test
    void statusCarriesTheCallerAndRevocationIsEnforcedByTheFactory() throws Exception {
        StateLayout state = new StateLayout(dir);
        Pki pki = Pki.at(state, Clock.systemUTC());
        pki.init(KeyAlgorithm.EC_P256, Duration.ofDays(2));
        Credential alice = pki.issueTenant("alice", null);
        Credential bob = pki.issueTenant("bob", null);
        pki.revoke(bob.certificate().getSerialNumber());
        var ca = CertificateAuthority.load(state.ca(), Clock.systemUTC()).certificate();

        Credential server = Credential.load(state.verifier(), "server");
        SSLContext serverTls = TlsContexts.of(server.key(), server.chain(), List.of(ca));
        List<String> refusals = new CopyOnWriteArrayList<>();
        try (RpcServer rpc = RpcServer.start(serverTls, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                RpcLimits.defaults(), peer -> peer.certificate().getSerialNumber().equals(bob.certificate().getSerialNumber())
                        ? new RpcServer.ProcessorFactory.Refuse("certificate revoked")
                        : new RpcServer.ProcessorFactory.Serve(new VerifierService.Processor<>(status(peer))),
                refusals::add)) {
            // garbage first: the server must keep serving
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), rpc.port())) {
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes());
                out.flush();
                s.getInputStream().read();
            } catch (IOException expected) {
                // the server closes the connection
            }
            ServiceStatus st = call(alice, ca, rpc);
            assertEquals("tenant alice", st.getCaller());
            assertThrows(Exception.class, () -> call(bob, ca, rpc));
            assertTrue(refusals.stream().anyMatch(r -> r.contains("certificate revoked")), refusals.toString());
            Credential admin = Credential.load(state.clients(), "admin");
            assertEquals("admin admin", call(admin, ca, rpc).getCaller());
        }
    }

    private static ServiceStatus call(Credential who, java.security.cert.X509Certificate ca, RpcServer rpc) throws Exception {
        SSLContext tls = TlsContexts.of(who.key(), who.chain(), List.of(ca));
        try (RpcConnection c = RpcConnection.open(tls, rpc.address(), Pki.VERIFIER_SERVER, RpcLimits.defaults(),
                Duration.ofSeconds(10))) {
            return new VerifierService.Client(c.protocol()).status();
        }
    }

    private static VerifierService.Iface status(PeerIdentity peer) {
        return (VerifierService.Iface) Proxy.newProxyInstance(RpcOverPkiTest.class.getClassLoader(),
                new Class<?>[] {VerifierService.Iface.class}, (proxy, method, args) -> {
                    if (method.getName().equals("status")) {
                        ServiceStatus s = new ServiceStatus();
                        s.setServiceName("test");
                        s.setVersion("0");
                        s.setPid(ProcessHandle.current().pid());
                        s.setStartedAtMillis(0);
                        s.setCaller(peer.unit() + " " + peer.name());
                        s.setConfinement(List.of());
                        s.setRequestsInProgress(0);
                        s.setMaxConcurrentRequests(1);
                        return s;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
