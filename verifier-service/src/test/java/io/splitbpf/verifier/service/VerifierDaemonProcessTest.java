package io.splitbpf.verifier.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ProgramVerdict;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.ServiceStatus;
import io.splitbpf.core.thrift.VerifyRequest;
import io.splitbpf.core.thrift.VerifyResponse;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The daemon as a process: a child JVM with a 256 MiB heap, called over mutual TLS.
class VerifierDaemonProcessTest {
    @TempDir
    static Path dir;

    static ServiceFixture f;
    static DaemonProcess daemon;

    @BeforeAll
    static void start() throws Exception {
        f = new ServiceFixture(dir.resolve("state"), null);
        daemon = DaemonProcess.start(f.state, "256m");
    }

    @AfterAll
    static void stop() throws Exception {
        try (DaemonProcess d = daemon) {
            int exit = d.stop();
            String out = d.output();
            assertTrue(out.contains("ebpf-verifierd: stopped"), out);
            assertEquals(143, exit, out);
            assertFalse(Files.exists(f.state.endpoint("verifier")), "SIGTERM removes the endpoint file");
            assertFalse(Files.exists(f.state.pidFile("verifier")), "SIGTERM removes the pid file");
            assertFalse(out.contains("OutOfMemoryError"), out);
        }
    }

    @Test
    void itSaysWhoCallsAndHowItIsConfined() throws Exception {
        ServiceStatus s = daemon.status(f.alice);
        assertEquals("verifier", s.getServiceName());
        assertEquals("tenant alice", s.getCaller());
        assertEquals(daemon.process.pid(), s.getPid());
        assertEquals(2, s.getMaxConcurrentRequests(), "a 256 MiB heap holds two requests");
        assertEquals(List.of("unprivileged user", "network", "file system", "no new privileges", "capabilities",
                "heap cap", "signing key", "request limits"), s.getConfinement().stream()
                .map(c -> c.substring(0, c.indexOf(':'))).toList());
        assertTrue(s.getConfinement().stream().allMatch(c -> c.contains(": applied (") || c.contains(": refused: ")));
        assertTrue(s.getConfinement().stream().anyMatch(c -> c.startsWith("heap cap: applied (")), s.getConfinement().toString());
        String out = daemon.output();
        assertTrue(out.startsWith("ebpf-verifierd "), out);
        assertTrue(out.contains("listening on 127.0.0.1:" + daemon.address.getPort() + " (loopback only)"), out);
        assertEquals(Long.toString(daemon.process.pid()), Files.readString(f.state.pidFile("verifier")).strip());
    }

    @Test
    void everySampleGetsAVerdictAndEveryAcceptedProgramAValidArtifact() throws Exception {
        List<Path> samples;
        try (Stream<Path> s = Files.list(TestPaths.requireInRoot("samples"))) {
            samples = s.filter(p -> p.toString().endsWith(".o")).sorted().toList();
        }
        int accepted = 0;
        for (Path sample : samples) {
            VerifyResponse r = daemon.verify(f.alice, ServiceFixture.request(sample, "normal"));
            assertFalse(r.getPrograms().isEmpty(), sample.toString());
            for (ProgramVerdict v : r.getPrograms()) {
                assertEquals(v.isAccepted(), v.isSetArtifact(), sample + " " + v.getProgram());
                if (v.isAccepted()) {
                    VerifyHandlerTest.check(f, v);
                    accepted++;
                }
            }
            if (sample.getFileName().toString().startsWith("unsafe_")) {
                assertTrue(r.getPrograms().stream().anyMatch(v -> !v.isAccepted()), sample + " has an unsafe program");
            }
        }
        assertTrue(accepted >= 10, "accepted " + accepted);
    }

    @Test
    void garbageAndMalformedFramesLeaveItServing() throws Exception {
        try (Socket s = new Socket(daemon.address.getAddress(), daemon.address.getPort())) {
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            drain(s.getInputStream());
        }
        // over TLS, as a valid client: a frame larger than any request may be, then a frame of noise
        for (byte[] frame : List.of(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})) {
            try (SSLSocket s = (SSLSocket) daemon.tls(f.alice).getSocketFactory().createSocket(daemon.address.getAddress(),
                    daemon.address.getPort())) {
                s.startHandshake();
                s.getOutputStream().write(frame);
                s.getOutputStream().flush();
                drain(s.getInputStream());
            }
        }
        VerifyResponse r = daemon.verify(f.alice, ServiceFixture.request(ServiceFixture.sample("xdp_proto_count.o"), "normal"));
        assertTrue(r.getPrograms().getFirst().isAccepted());
    }

    @Test
    void revokedCertificatesAndOtherProfilesAreRefused() throws Exception {
        Credential bob = Credential.load(f.state.tenants(), "bob");
        assertEquals("tenant bob", daemon.status(bob).getCaller());
        f.pki.revoke(bob.certificate().getSerialNumber());
        assertThrows(Exception.class, () -> daemon.status(bob), "the new revocation list is read without a restart");
        Credential host = Credential.load(f.state.host(), "server");
        assertThrows(Exception.class, () -> daemon.status(host));
        daemon.outputContaining("was revoked"); // the refusal is logged, or this fails
        assertEquals("tenant alice", daemon.status(f.alice).getCaller());
    }

    @Test
    void fiftyConcurrentRequestsOfLargeProgramsGetAVerdictOrBusyWithinTheHeap() throws Exception {
        Path corpus = TestPaths.requireShared("corpus");
        List<Path> large = List.of(corpus.resolve("suricata/xdp_filter.o"), corpus.resolve("linux/map_perf_test_kern.o"),
                corpus.resolve("linux/xdp_tx_iptunnel_kern.o"));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Path object = large.get(i % large.size());
                String level = i % 5 == 0 ? "verbose" : "normal";
                results.add(pool.submit(() -> {
                    try {
                        VerifyResponse r = daemon.verify(f.alice, ServiceFixture.request(object, level));
                        return r.getPrograms().isEmpty() ? "empty" : "verdict";
                    } catch (ServiceError e) {
                        return e.getCode() == ErrorCode.BUSY ? "busy" : e.getCode() + ": " + e.getMessage();
                    }
                }));
            }
            int verdicts = 0;
            int busy = 0;
            for (Future<String> r : results) {
                String outcome = r.get(180, TimeUnit.SECONDS);
                if (outcome.equals("verdict")) verdicts++;
                else if (outcome.equals("busy")) busy++;
                else fail("a request got neither a verdict nor BUSY: " + outcome);
            }
            assertEquals(50, verdicts + busy);
            assertTrue(verdicts >= 2, verdicts + " verdicts");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(daemon.process.isAlive(), daemon.output());
        assertEquals(0, daemon.status(f.alice).getRequestsInProgress());
    }

    @Test
    void killedMidRequestTheCallerGetsAnErrorAndARestartedDaemonServes(@TempDir Path other) throws Exception {
        ServiceFixture g = new ServiceFixture(other, null);
        Path object = ServiceFixture.sample("bpf_to_bpf_call.o");
        VerifyRequest heavy = ServiceFixture.request(object, "verbose");
        boolean killed = false;
        for (int attempt = 0; attempt < 5 && !killed; attempt++) {
            try (DaemonProcess d = DaemonProcess.start(g.state, "256m")) {
                CompletableFuture<VerifyResponse> call = CompletableFuture.supplyAsync(() -> {
                    try {
                        return d.verify(g.alice, heavy);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                while (!call.isDone() && d.status(g.alice).getRequestsInProgress() == 0) {
                    Thread.sleep(1);
                }
                if (call.isDone()) continue; // it finished before we saw it: try again
                d.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                Throwable e = assertThrows(Exception.class, () -> call.get(60, TimeUnit.SECONDS));
                Throwable cause = e.getCause().getCause();
                assertTrue(cause instanceof TTransportException, String.valueOf(cause));
                killed = true;
            }
        }
        assertTrue(killed, "no verify request was seen in progress in 5 attempts");
        assertTrue(Files.exists(g.state.pidFile("verifier")), "a killed daemon leaves its pid file");
        try (DaemonProcess d = DaemonProcess.start(g.state, "256m")) {
            assertTrue(d.verify(g.alice, ServiceFixture.request(object, "normal")).getPrograms().getFirst().isAccepted());
            assertEquals(143, d.stop());
        }
    }

    private static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                // the server closes the connection
            }
        } catch (IOException expected) {
            // closed
        }
    }
}
