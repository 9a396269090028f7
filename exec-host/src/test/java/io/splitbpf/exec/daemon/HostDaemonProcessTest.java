package io.splitbpf.exec.daemon;

import static io.splitbpf.exec.daemon.HostFixture.asU64;
import static io.splitbpf.exec.daemon.HostFixture.ipv4Frame;
import static io.splitbpf.exec.daemon.HostFixture.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.CertificateAuthority;
import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.ca.SignerStore;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.core.rpc.RpcConnection;
import io.splitbpf.core.rpc.RpcLimits;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.core.thrift.TestRunResponse;
import io.splitbpf.exec.admission.TestArtifacts;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `ebpf-hostd` as a process: started in a child JVM on a free port with a state directory made
/// by [Pki#init], it serves a tenant over mutual TLS (load a signed sample, test-run it, read its
/// map back), shows another tenant nothing, keeps serving after garbage and malformed frames,
/// refuses a revoked client, stops cleanly on SIGTERM and restores its programs when started
/// again.
class HostDaemonProcessTest {
    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void servesTenantsOverMutualTlsAndSurvivesGarbage() throws Exception {
        StateLayout state = new StateLayout(dir.resolve("state"));
        Pki pki = Pki.at(state, Clock.systemUTC());
        pki.init(KeyAlgorithm.EC_P256, Duration.ofDays(30));
        Credential alice = pki.issueTenant("alice", null);
        Credential bob = pki.issueTenant("bob", null);
        X509Certificate ca = CertificateAuthority.load(state.ca(), Clock.systemUTC()).certificate();
        Credential signer = SignerStore.at(state.signer()).current();

        Process daemon = start(state, dir.resolve("first.out"));
        InetSocketAddress endpoint = endpoint(state, daemon, dir.resolve("first.out"));
        String out = Files.readString(dir.resolve("first.out"));
        assertTrue(out.contains("confinement: listening on loopback only"), out);
        assertTrue(out.contains("listening on 127.0.0.1:" + endpoint.getPort()), out);
        assertEquals(Long.toString(daemon.pid()), Files.readString(state.pidFile("host")).strip());

        byte[] artifact = TestArtifacts.sign(TestArtifacts.content("xdp_proto_count.o", "xdp_proto_count", "alice",
                Instant.now().minusSeconds(5), Duration.ofDays(1)), signer, Clock.systemUTC());
        LoadResponse loaded;
        try (RpcConnection c = connect(alice, ca, endpoint)) {
            HostService.Client host = new HostService.Client(c.protocol());
            assertEquals("tenant alice", host.status().getCaller());
            loaded = host.load(new LoadRequest(ByteBuffer.wrap(artifact), "jit"));
            TestRunResponse r = host.testRun(new TestRunRequest(loaded.getProgramId(), ByteBuffer.wrap(ipv4Frame(6, 64)),
                    4));
            assertEquals(2, r.getReturnValue());
            assertEquals(4, host.lookup(loaded.getMapIds().getFirst(), ByteBuffer.wrap(u32(6))).getValues().stream()
                    .mapToLong(v -> asU64(HostHandlerTest.bytes(v))).sum());
            checkInterpreterMode(host, artifact);
        }
        try (RpcConnection c = connect(bob, ca, endpoint)) {
            HostService.Client host = new HostService.Client(c.protocol());
            assertEquals(List.of(), host.listPrograms());
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(ServiceError.class,
                    () -> host.getProgram(loaded.getProgramId())).getCode());
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(ServiceError.class,
                    () -> host.dumpMap(loaded.getMapIds().getFirst())).getCode());
        }

        sendGarbage(endpoint);
        sendMalformedFrames(alice, ca, endpoint);
        try (RpcConnection c = connect(alice, ca, endpoint)) {
            assertEquals(1, new HostService.Client(c.protocol()).listPrograms().size(), "still serving");
        }

        pki.revoke(bob.certificate().getSerialNumber());
        assertThrows(Exception.class, () -> {
            try (RpcConnection c = connect(bob, ca, endpoint)) {
                new HostService.Client(c.protocol()).status();
            }
        }, "a revoked client is refused");
        assertTrue(waitForText(dir.resolve("first.out"), "tenant bob (serial "
                + bob.certificate().getSerialNumber().toString(16) + ") refused: certificate revoked"));

        daemon.destroy(); // SIGTERM
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        assertFalse(Files.exists(state.endpoint("host")), "endpoint file removed");
        assertFalse(Files.exists(state.pidFile("host")), "pid file removed");
        assertTrue(Files.readString(dir.resolve("first.out")).contains("ebpf-hostd: stopped"));

        Process again = start(state, dir.resolve("second.out"));
        InetSocketAddress second = endpoint(state, again, dir.resolve("second.out"));
        assertTrue(Files.readString(dir.resolve("second.out")).contains("restored program " + loaded.getProgramId()));
        try (RpcConnection c = connect(alice, ca, second)) {
            HostService.Client host = new HostService.Client(c.protocol());
            assertEquals(2, host.testRun(new TestRunRequest(loaded.getProgramId(), ByteBuffer.wrap(ipv4Frame(17, 64)),
                    1)).getReturnValue());
        }
        again.destroy();
        assertTrue(again.waitFor(30, TimeUnit.SECONDS));
    }

    /// A debug build loads with the interpreter; a release build says it has none.
    private static void checkInterpreterMode(HostService.Client host, byte[] artifact) throws Exception {
        Path classes = Path.of(HostDaemon.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.exists(classes.resolve("io/splitbpf/exec/interp/Interpreter.class"))) {
            LoadResponse interpreted = host.load(new LoadRequest(ByteBuffer.wrap(artifact), "interpreter"));
            assertEquals("interpreter", host.getProgram(interpreted.getProgramId()).getMode());
            host.unload(interpreted.getProgramId());
        } else {
            ServiceError e = assertThrows(ServiceError.class,
                    () -> host.load(new LoadRequest(ByteBuffer.wrap(artifact), "interpreter")));
            assertEquals(ErrorCode.BAD_REQUEST, e.getCode());
            assertTrue(e.getMessage().startsWith("the interpreter is not part of release builds"), e.getMessage());
        }
    }

    private Process start(StateLayout state, Path output) throws IOException {
        // The daemon's class path, without the test classes (which hold the interpreter in
        // every build): what the distribution has.
        String classPath = String.join(File.pathSeparator, Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")).toList());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath, HostDaemon.class.getName(), "--state", state.root().toString(),
                "--listen", "127.0.0.1:0", "--slots", "2", "--tenant-memory", "8")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        started.add(p);
        return p;
    }

    private static InetSocketAddress endpoint(StateLayout state, Process daemon, Path output) throws Exception {
        Path file = state.endpoint("host");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the daemon did not start: " + Files.readString(output));
            }
            Thread.sleep(50);
        }
        String text = Files.readString(file).strip();
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(text.substring(0, colon)),
                Integer.parseInt(text.substring(colon + 1)));
    }

    private static RpcConnection connect(Credential who, X509Certificate ca, InetSocketAddress at) throws IOException {
        SSLContext tls = TlsContexts.of(who.key(), who.chain(), List.of(ca));
        return RpcConnection.open(tls, at, Pki.HOST_SERVER, RpcLimits.defaults(), Duration.ofSeconds(20));
    }

    /// Bytes that are not TLS at all.
    private static void sendGarbage(InetSocketAddress at) {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            out.write(new byte[4096]);
            out.flush();
            drain(s.getInputStream());
        } catch (IOException expected) {
            // the daemon closes the connection
        }
    }

    /// TLS from a valid client, then frames that are not Thrift messages: a junk frame, and a
    /// frame announcing more bytes than any frame may have.
    private static void sendMalformedFrames(Credential who, X509Certificate ca, InetSocketAddress at) throws Exception {
        SSLContext tls = TlsContexts.of(who.key(), who.chain(), List.of(ca));
        for (int length : new int[] {16, Integer.MAX_VALUE}) {
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(at.getAddress(), at.getPort())) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(length);
                out.write("\u0080\u0001junk-not-thrift".getBytes());
                out.flush();
                drain(s.getInputStream());
            } catch (IOException expected) {
                // the daemon ends the connection
            }
        }
    }

    private static boolean waitForText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(file).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' not in " + Files.readString(file));
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // until the daemon closes
        }
    }
}
