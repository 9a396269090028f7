package io.splitbpf.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.cli.daemon.Daemon;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/// What the daemons survive: garbage and malformed Thrift frames on both ports, and the
/// verifier killed in the middle of a request (its caller gets a clear error, the host is
/// unaffected, and a restarted verifier serves again). Also `daemon status`, `stop` and
/// `start` as a user sees them.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonResilienceIT {
    private static DaemonPair daemons;

    @BeforeAll
    static void start() throws IOException {
        daemons = DaemonPair.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemons != null) {
            daemons.close();
        }
    }

    private static String sample(String name) {
        return TestPaths.root().resolve("samples").resolve(name).toString();
    }

    private static void bothServe() {
        DaemonPair.Run status = daemons.ebpf("daemon", "status");
        assertEquals(0, status.code(), status.transcript());
        assertTrue(status.out().contains("verifier  serving on ") && status.out().contains("host      serving on "),
                status.out());
    }

    @Test
    @Order(1)
    void statusNamesBothDaemonsAndTheCaller() {
        bothServe();
        String json = daemons.ok("daemon", "status", "-j");
        assertTrue(json.startsWith("[{\"name\":\"verifier\",\"serving\":true,\"address\":\"127.0.0.1:"), json);
        assertTrue(json.contains("\"name\":\"host\",\"serving\":true"), json);
        String again = daemons.ok("daemon", "start");
        assertTrue(again.contains("verifier  pid ") && again.contains("already running on"), again);
    }

    @Test
    @Order(2)
    void garbageOnBothPortsLeavesThemServing() throws IOException {
        Random random = new Random(5);
        for (Daemon d : Daemon.values()) {
            InetSocketAddress address = d.endpoint(daemons.state()).orElseThrow();
            for (byte[] junk : List.of("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), bytes(random, 4096),
                    new byte[] {0x16, 0x03, 0x01, 0x7f, (byte) 0xff}, new byte[0])) {
                try (Socket s = new Socket()) {
                    s.connect(address, 5000);
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(junk);
                    s.shutdownOutput();
                    drain(s.getInputStream());
                } catch (IOException expected) {
                    // the daemon closes the connection: that is the point
                }
            }
        }
        bothServe();
    }

    @Test
    @Order(3)
    void malformedThriftFramesFromAnAuthenticatedClientLeaveThemServing() throws IOException {
        Credential admin = Credential.load(daemons.state().clients(), "admin");
        var tls = TlsContexts.of(admin.key(), admin.chain(), List.of(admin.chain().getLast()));
        Random random = new Random(6);
        byte[][] frames = {
            frame(bytes(random, 64)),                                     // a frame of noise
            {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3},       // a 2 GB frame announced
            {0, 0, 0, 100, (byte) 0x80, 1, 0, 1},                         // a frame cut short
            frame(new byte[] {(byte) 0x80, 1, 0, 1, 0, 0, 0, 6, 'n', 'o', 's', 'u', 'c', 'h', 0, 0, 0, 1, 0}),
            frame(new byte[] {(byte) 0x80, 1, 0, 1, 0, 0, 0, 6, 's', 't', 'a', 't', 'u', 's', 0, 0, 0, 1, 11, 0, 1,
                (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}),   // status() with a 2 GB string argument
        };
        for (Daemon d : Daemon.values()) {
            InetSocketAddress address = d.endpoint(daemons.state()).orElseThrow();
            for (byte[] f : frames) {
                try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket()) {
                    s.connect(address, 5000);
                    // a well-formed call to an unknown method is answered and the connection stays open
                    s.setSoTimeout(1_000);
                    s.startHandshake();
                    OutputStream out = s.getOutputStream();
                    out.write(f);
                    out.flush();
                    drain(s.getInputStream());
                } catch (IOException expected) {
                    // closed by the daemon
                }
            }
        }
        bothServe();
        assertTrue(daemons.ok("prog", "load", sample("xdp_proto_count.o")).startsWith("loaded program"));
    }

    @Test
    @Order(4)
    void theVerifierKilledMidRequestLeavesTheHostServingAndComesBack() throws Exception {
        // One XDP program that takes a fresh verifier some tens of milliseconds: the test polls
        // for the request and kills the verifier then. When the verifier finishes first (the
        // kill came too late), it is restarted, fresh again, and the test tries once more.
        String big = TestPaths.requireShared("corpus/suricata").resolve("xdp_filter.o").toString();
        DaemonPair.Run r = null;
        List<String> missed = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && r == null; attempt++) {
            long verifierPid = daemons.pid(Daemon.VERIFIER);
            CompletableFuture<DaemonPair.Run> load = CompletableFuture.supplyAsync(() -> daemons.ebpf("prog", "load", big));
            boolean seen = waitForARequestInProgress(load);
            ProcessHandle verifier = ProcessHandle.of(verifierPid).orElseThrow();
            verifier.destroyForcibly();
            verifier.onExit().get(30, TimeUnit.SECONDS);
            DaemonPair.Run done = load.get(60, TimeUnit.SECONDS);
            if (seen && done.err().startsWith("error: lost the connection to the verifier daemon at 127.0.0.1:")) {
                r = done;
            } else {
                missed.add(done.transcript());
                String restarted = daemons.ok("daemon", "start");
                assertTrue(restarted.contains("verifier  pid "), restarted);
            }
        }
        assertNotNull(r, "the verifier answered every request before it was killed: " + missed);
        assertEquals(1, r.code(), r.transcript());

        DaemonPair.Run status = daemons.ebpf("daemon", "status");
        assertEquals(1, status.code(), status.transcript());
        assertTrue(status.out().contains("verifier  not serving: the verifier daemon at 127.0.0.1:"), status.out());
        assertTrue(status.out().contains("host      serving on "), status.out());
        assertTrue(daemons.ok("prog", "show").contains("name xdp_proto_count"), "the host still has its program");
        DaemonPair.Run offline = daemons.ebpf("prog", "load", sample("xdp_proto_count.o"));
        assertEquals(1, offline.code(), offline.transcript());
        assertTrue(offline.err().contains("does not answer"), offline.transcript());

        String restarted = daemons.ok("daemon", "start");
        assertTrue(restarted.contains("verifier  pid ") && restarted.contains("listening on"), restarted);
        assertTrue(restarted.contains("host      pid ") && restarted.contains("already running on"), restarted);
        assertTrue(daemons.ok("prog", "load", sample("xdp_proto_count.o")).startsWith("loaded program"));
    }

    @Test
    @Order(5)
    void stopEndsBothAndStatusSaysSo() throws IOException {
        long host = daemons.pid(Daemon.HOST);
        String stopped = daemons.ok("daemon", "stop");
        assertTrue(stopped.contains("host      stopped (pid " + host + ")"), stopped);
        assertTrue(ProcessHandle.of(host).map(p -> !p.isAlive()).orElse(true), "host process gone");
        DaemonPair.Run status = daemons.ebpf("daemon", "status");
        assertEquals(1, status.code());
        assertTrue(status.out().contains("host      not serving: the host daemon is not running"), status.out());
        DaemonPair.Run show = daemons.ebpf("prog", "show");
        assertEquals(1, show.code());
        assertTrue(show.err().startsWith("error: the host daemon is not running (no "), show.err());
        assertEquals("host      not running\nverifier  not running\n", daemons.ok("daemon", "stop"));
        daemons.ok("daemon", "start");
    }

    /// Polls the verifier's status until it reports a request in progress (true), or until
    /// `load` has finished without one being seen (false).
    private static boolean waitForARequestInProgress(CompletableFuture<DaemonPair.Run> load) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !load.isDone()) {
            String json = daemons.ebpf("daemon", "status", "-j").out();
            if (json.matches("(?s).*\"name\":\"verifier\",.*?\"requests_in_progress\":[1-9].*")) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static byte[] frame(byte[] body) {
        byte[] f = new byte[body.length + 4];
        f[0] = (byte) (body.length >>> 24);
        f[1] = (byte) (body.length >>> 16);
        f[2] = (byte) (body.length >>> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // until the daemon closes the connection
        }
    }
}
