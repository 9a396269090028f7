package io.splitbpf.verifier.service;

import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.verifier.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/// `ebpf-verifierd`'s main class: starts the [VerifierServer] on a state directory, prints its
/// start-up lines (version, each confinement step, the limits, where it listens), writes
/// `verifier/pid` and then `verifier/endpoint` (`HOST:PORT`, atomically), and on SIGTERM stops
/// serving and removes both files.
///
/// Exit codes: 0 after a clean stop, 1 when it cannot start (the message says why), 2 for a
/// bad command line.
public final class VerifierDaemon {
    private VerifierDaemon() {}

    public static void main(String[] args) throws InterruptedException {
        DaemonOptions options;
        try {
            options = DaemonOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ebpf-verifierd: " + e.getMessage());
            System.err.print(DaemonOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(DaemonOptions.USAGE);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            start(options, System.out, stopped);
        } catch (IOException | RuntimeException e) {
            System.err.println("ebpf-verifierd: cannot start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    private static void start(DaemonOptions options, PrintStream out, CountDownLatch stopped) throws IOException {
        StateLayout state = StateLayout.resolve(options.state().orElse(null));
        Path dir = state.verifier();
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " does not exist: create the PKI first (ebpf cert init --state " + state.root() + ")");
        }
        dir = dir.toRealPath();
        refuseIfRunning(state.pidFile("verifier"));
        long heap = Runtime.getRuntime().maxMemory();
        RequestLimits defaults = RequestLimits.defaults(heap, Runtime.getRuntime().availableProcessors());
        RequestLimits limits = RequestLimits.withConcurrency(heap, options.maxRequests().orElse(defaults.maxConcurrent()),
                options.requestTimeout().orElse(defaults.timeout()), options.maxValidity().orElse(defaults.maxValidity()));
        long pid = ProcessHandle.current().pid();
        out.println("ebpf-verifierd " + Verifier.VERSION + ", pid " + pid + ", state " + Optional.ofNullable(
                System.getenv("SPLITBPF_SANDBOX_STATE")).map(s -> s + " (seen as " + state.root() + ")").orElse(
                state.root().toString()));
        List<String> confinement = Sandbox.observe(dir, options.listen(), limits).stream().map(Sandbox.Step::toString).toList();
        confinement.forEach(c -> out.println("confinement: " + c));
        ServiceInfo info = new ServiceInfo(Verifier.VERSION, pid, Instant.now(), confinement);
        VerifierServer server = VerifierServer.start(state, options.listen(), limits, info, Clock.systemUTC(),
                line -> out.println(Instant.now() + " " + line));
        InetSocketAddress at = server.address();
        String endpoint = at.getAddress().getHostAddress() + ":" + at.getPort();
        if (at.getAddress() instanceof java.net.Inet6Address) endpoint = "[" + at.getAddress().getHostAddress() + "]:" + at.getPort();
        out.println("listening on " + endpoint + (at.getAddress().isLoopbackAddress() ? " (loopback only)"
                : " (beyond loopback, as --listen asked: other hosts may connect, with a client certificate of this CA)"));
        out.flush();
        // The endpoint file comes last: who waits for it may read every start-up line.
        writeAtomically(state.pidFile("verifier"), Long.toString(pid));
        writeAtomically(state.endpoint("verifier"), endpoint);
        String written = endpoint;
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ebpf-verifierd-stop").unstarted(() -> {
            server.close();
            removeIfOurs(state.endpoint("verifier"), written);
            removeIfOurs(state.pidFile("verifier"), Long.toString(pid));
            out.println("ebpf-verifierd: stopped");
            out.flush();
            stopped.countDown();
        }));
    }

    /// Refuses to start when the pid file names a live verifier daemon.
    private static void refuseIfRunning(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) return;
        String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return; // not a pid: a stale file, replaced below
        }
        Optional<ProcessHandle> other = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        boolean daemon = other.flatMap(p -> p.info().commandLine()).map(c -> c.contains(VerifierDaemon.class.getName()))
                .orElse(other.isPresent());
        if (daemon && pid != ProcessHandle.current().pid()) {
            throw new IOException("another ebpf-verifierd (pid " + pid + ") serves this state directory; stop it first "
                    + "(ebpf daemon stop) or remove " + pidFile + " if it is not one");
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temp, text + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void removeIfOurs(Path file, String text) {
        try {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.US_ASCII).strip().equals(text)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            System.err.println("ebpf-verifierd: cannot remove " + file + ": " + e.getMessage());
        }
    }
}
