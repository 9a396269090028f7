package io.splitbpf.verifier.service;

import static org.junit.jupiter.api.Assertions.fail;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.core.rpc.RpcConnection;
import io.splitbpf.core.rpc.RpcLimits;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.core.thrift.ServiceStatus;
import io.splitbpf.core.thrift.VerifierService;
import io.splitbpf.core.thrift.VerifyRequest;
import io.splitbpf.core.thrift.VerifyResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/// `VerifierDaemon` in a child JVM on a state directory, and a client for it.
final class DaemonProcess implements AutoCloseable {
    final StateLayout state;
    final Process process;
    final Path output;
    final InetSocketAddress address;

    private DaemonProcess(StateLayout state, Process process, Path output, InetSocketAddress address) {
        this.state = state;
        this.process = process;
        this.output = output;
        this.address = address;
    }

    /// Starts the daemon with heap cap `heap` (e.g. `256m`) and waits until it serves.
    static DaemonProcess start(StateLayout state, String heap, String... extra) throws Exception {
        Path output = Files.createTempFile(state.root(), "daemon", ".out");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Xss8m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), VerifierDaemon.class.getName(),
                "--state", state.root().toString(), "--listen", "127.0.0.1:0"));
        command.addAll(List.of(extra));
        Files.deleteIfExists(state.endpoint("verifier"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(state.endpoint("verifier"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("the daemon did not start:\n" + Files.readString(output));
            }
            Thread.sleep(50);
        }
        String endpoint = Files.readString(state.endpoint("verifier")).strip();
        int colon = endpoint.lastIndexOf(':');
        return new DaemonProcess(state, p, output, new InetSocketAddress(InetAddress.getByName(endpoint.substring(0, colon)),
                Integer.parseInt(endpoint.substring(colon + 1))));
    }

    /// What the daemon printed so far.
    String output() throws IOException {
        return Files.readString(output);
    }

    /// What the daemon printed, once it contains `text` (it logs refusals on its own threads,
    /// possibly after the refused client has seen the refusal); fails after 10 s.
    String outputContaining(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        String out = output();
        while (!out.contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' not in the daemon's output:\n" + out);
            }
            Thread.sleep(50);
            out = output();
        }
        return out;
    }

    SSLContext tls(Credential who) throws IOException {
        return TlsContexts.of(who.key(), who.chain(), TrustAnchors.load(state.hostAnchors()).certificates());
    }

    RpcConnection connect(Credential who) throws IOException {
        return RpcConnection.open(tls(who), address, Pki.VERIFIER_SERVER, RpcLimits.defaults(), Duration.ofSeconds(90));
    }

    VerifyResponse verify(Credential who, VerifyRequest request) throws Exception {
        try (RpcConnection c = connect(who)) {
            return new VerifierService.Client(c.protocol()).verify(request);
        }
    }

    ServiceStatus status(Credential who) throws Exception {
        try (RpcConnection c = connect(who)) {
            return new VerifierService.Client(c.protocol()).status();
        }
    }

    /// SIGTERM, then waits for the exit.
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the daemon did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
