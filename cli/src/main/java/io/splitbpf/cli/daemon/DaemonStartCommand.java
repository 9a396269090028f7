package io.splitbpf.cli.daemon;

import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.StateOptionMixin;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `ebpf daemon start [--state DIR]`: creates the PKI on first use, starts the verifier and the
/// host in the background (those not already running) and prints where they listen.
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the verifier and host daemons in the background (creating the PKI on first use).")
public final class DaemonStartCommand implements Callable<Integer> {
    @Mixin
    StateOptionMixin state;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for both to serve; default ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--verifier-listen", paramLabel = "HOST:PORT",
            description = "Where the verifier listens (default: a free port on 127.0.0.1).")
    String verifierListen;

    @Option(names = "--host-listen", paramLabel = "HOST:PORT",
            description = "Where the host listens (default: a free port on 127.0.0.1).")
    String hostListen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        StateLayout layout = state.layout();
        PrintWriter out = spec.commandLine().getOut();
        Pki pki = Pki.at(layout, Clock.systemUTC());
        if (!pki.exists()) {
            pki.init(KeyAlgorithm.EC_P256, null);
            out.println("created the PKI in " + layout.root() + " (ECDSA P-256; see `ebpf cert list`)");
        }
        Map<Daemon, String> listen = new EnumMap<>(Daemon.class);
        if (verifierListen != null) {
            listen.put(Daemon.VERIFIER, verifierListen);
        }
        if (hostListen != null) {
            listen.put(Daemon.HOST, hostListen);
        }
        List<DaemonLauncher.Running> running = new DaemonLauncher(layout, DaemonLauncher.defaultBin())
                .start(List.of(Daemon.VERIFIER, Daemon.HOST), listen, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
        for (DaemonLauncher.Running r : running) {
            out.printf("%-8s  pid %d  %s %s  log %s%n", r.daemon().folder(), r.pid(),
                    r.alreadyRunning() ? "already running on" : "listening on", DaemonClient.text(r.address()),
                    layout.log(r.daemon().folder()));
        }
        return ExitCode.OK;
    }
}
