package io.splitbpf.exec.daemon;

import io.splitbpf.certs.ca.Credential;
import io.splitbpf.certs.ca.Revocation;
import io.splitbpf.certs.sign.TrustAnchors;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.rpc.RpcLimits;
import io.splitbpf.core.rpc.RpcServer;
import io.splitbpf.core.rpc.TlsContexts;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.exec.admission.AnchorFolder;
import io.splitbpf.exec.admission.ArtifactAdmission;
import io.splitbpf.exec.admission.HostPlatform;
import io.splitbpf.exec.runtime.Engines;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;

/// `ebpf-hostd`: the execution host daemon. It holds its TLS credential and the trust anchors
/// of `STATE/host` (never a signing key), restores the programs it had loaded, serves the host
/// service over mutual TLS, writes `host/endpoint` (`HOST:PORT`) and `host/pid` once serving,
/// and stops cleanly on SIGTERM (removing both).
///
/// Clients are tenants (certificate unit `tenant`, acting as the tenant their common name
/// names) and the administrator (unit `admin`, acting as tenant `admin`); certificates of other
/// profiles and revoked certificates (per the CRL in `host/anchors`, read again when it
/// changes) are refused at connection.
public final class HostDaemon implements AutoCloseable {
    /// How long a test run may repeat, and how long a run waits for a free execution slot.
    static final Duration RUN_BUDGET = Duration.ofSeconds(30);
    static final Duration SLOT_WAIT = Duration.ofSeconds(10);

    private final StateLayout state;
    private final RpcServer server;
    private final List<String> startup;

    private HostDaemon(StateLayout state, RpcServer server, List<String> startup) {
        this.state = state;
        this.server = server;
        this.startup = List.copyOf(startup);
    }

    /// Runs the daemon until SIGTERM.
    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(DaemonOptions.USAGE);
            return;
        }
        DaemonOptions options;
        try {
            options = DaemonOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ebpf-hostd: " + e.getMessage());
            System.err.println(DaemonOptions.USAGE);
            System.exit(2);
            return;
        }
        HostDaemon daemon;
        try {
            daemon = start(options, System.out);
        } catch (IOException | RuntimeException e) {
            System.err.println("ebpf-hostd: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            daemon.close();
            System.out.println("ebpf-hostd: stopped");
            System.out.flush();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /// Starts serving as `options` say, printing the start-up lines to `out`.
    ///
    /// @throws IOException when the state directory lacks the host's credential or anchors, or
    ///         another daemon serves it; the message says which
    public static HostDaemon start(DaemonOptions options, PrintStream out) throws IOException {
        StateLayout state = StateLayout.resolve(options.state().orElse(null));
        Path host = state.host();
        requireNotRunning(state);
        Credential credential = loadCredential(host);
        AnchorFolder anchors = AnchorFolder.load(state.hostAnchors());
        TrustAnchors initial = anchors.get();
        SSLContext tls = TlsContexts.of(credential.key(), credential.chain(), initial.certificates());
        Clock clock = Clock.systemUTC();
        ProgramStore store = new ProgramStore(host, new ArtifactAdmission(anchors, clock, HostPlatform.current()),
                new ProgramStore.Settings(options.slots(), (long) options.tenantMemoryMiB() << 20), clock);
        List<String> lines = new ArrayList<>();
        lines.add("ebpf-hostd (splitbpf) " + version() + ", state " + state.root());
        List<String> confinement = confinement(options, initial);
        confinement.forEach(c -> lines.add("confinement: " + c));
        lines.addAll(store.restore());
        HostStatus status = new HostStatus(version(), Instant.now(clock), confinement, options.maxConnections());
        TestRunner runner = new TestRunner(RUN_BUDGET, SLOT_WAIT);
        RpcLimits limits = new RpcLimits(RpcLimits.defaults().maxFrameBytes(), options.maxConnections(),
                RpcLimits.defaults().idleTimeout(), RpcLimits.defaults().acceptWait());
        RpcServer server = RpcServer.start(tls, options.listen(), limits,
                peer -> admit(peer, anchors, store, runner, status),
                refusal -> System.err.println(Instant.now() + " ebpf-hostd: " + refusal));
        String endpoint = hostPort(server);
        lines.add("listening on " + endpoint);
        lines.forEach(out::println);
        out.flush();
        // The endpoint file comes last: who waits for it may read every start-up line.
        try {
            writeAtomically(state.pidFile("host"), ProcessHandle.current().pid() + "\n");
            writeAtomically(state.endpoint("host"), endpoint + "\n");
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new HostDaemon(state, server, lines);
    }

    /// The processor for `peer`, or why it may not connect.
    static RpcServer.ProcessorFactory.Result admit(PeerIdentity peer, AnchorFolder anchors, ProgramStore store,
                                                   TestRunner runner, HostStatus status) {
        if (!peer.isTenant() && !peer.isAdmin()) {
            return new RpcServer.ProcessorFactory.Refuse("a '" + peer.unit() + "' certificate is not a client"
                    + " certificate (tenant or admin)");
        }
        if (peer.isTenant()) {
            try {
                Pki.requireTenantName(peer.name());
            } catch (IllegalArgumentException e) {
                return new RpcServer.ProcessorFactory.Refuse(e.getMessage());
            }
        }
        Optional<Revocation> revoked;
        try {
            revoked = anchors.get().revocation(peer.certificate());
        } catch (UncheckedIOException e) {
            return new RpcServer.ProcessorFactory.Refuse(e.getMessage());
        }
        if (revoked.isPresent()) {
            return new RpcServer.ProcessorFactory.Refuse("certificate revoked at " + revoked.get().revokedAt());
        }
        return new RpcServer.ProcessorFactory.Serve(new HostService.Processor<>(new HostHandler(peer, store, runner,
                status)));
    }

    /// The address clients connect to.
    public String endpoint() {
        return hostPort(server);
    }

    /// The lines printed at start-up.
    public List<String> startupLines() {
        return startup;
    }

    /// Stops serving and removes the endpoint and pid files.
    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(state.endpoint("host"));
            Files.deleteIfExists(state.pidFile("host"));
        } catch (IOException e) {
            System.err.println("ebpf-hostd: cannot remove the endpoint or pid file: " + e.getMessage());
        }
    }

    private static Credential loadCredential(Path host) throws IOException {
        try {
            return Credential.load(host, "server");
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(e.getFile(), null, "no host credential (run `ebpf cert init` on this"
                    + " state directory first)");
        }
    }

    private static void requireNotRunning(StateLayout state) throws IOException {
        Path pidFile = state.pidFile("host");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> other = ProcessHandle.of(pid);
            if (pid != ProcessHandle.current().pid() && other.isPresent() && other.get().isAlive()) {
                throw new IOException("another ebpf-hostd (pid " + pid + ") serves " + state.root());
            }
        } catch (NumberFormatException e) {
            // a damaged pid file: overwritten below
        }
    }

    private static List<String> confinement(DaemonOptions options, TrustAnchors anchors) {
        List<String> steps = new ArrayList<>();
        String listen = options.listen().getAddress().getHostAddress();
        steps.add(options.listen().getAddress().isLoopbackAddress()
                ? "listening on loopback only (" + listen + "): applied"
                : "loopback-only listening: not applied (--listen asked for " + listen + ")");
        steps.add("trust: only the CA certificates and revocation lists of host/anchors (" + anchors.certificates().size()
                + " CA, " + anchors.revocationLists().size() + " CRL), re-read when they change: applied");
        steps.add("signing key: none held by the host: applied");
        steps.add("user: " + user());
        steps.add(interpreterPresent() ? "interpreter: present (debug build; loads choose it with mode interpreter)"
                : "interpreter: absent (release build): applied");
        steps.add("limits: " + options.maxConnections() + " connections, frames of at most "
                + (RpcLimits.defaults().maxFrameBytes() >> 20) + " MiB, test runs of at most " + RUN_BUDGET.toSeconds()
                + " s, " + options.tenantMemoryMiB() + " MiB of memory per tenant: applied");
        return steps;
    }

    private static String user() {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid == 0 ? "running as root: not dropped (the host daemon does not change user; start it as an"
                    + " unprivileged user)" : "unprivileged (uid " + uid + "): applied";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static boolean interpreterPresent() {
        try {
            Engines.byName("interpreter");
            return true;
        } catch (NotSupportedException e) {
            return false;
        }
    }

    private static String version() {
        String v = HostDaemon.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static String hostPort(RpcServer server) {
        String host = server.address().getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
