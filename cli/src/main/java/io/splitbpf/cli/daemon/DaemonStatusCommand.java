package io.splitbpf.cli.daemon;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.ServiceStatus;
import io.splitbpf.core.thrift.VerifierService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/// `ebpf daemon status [--state DIR] [-j|-p]`: asks each daemon for its status; one that does
/// not run or answer is reported as such. Exit 0 when both serve, 1 otherwise.
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the verifier and host daemons serve, and their status.")
public final class DaemonStatusCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptionsMixin connection;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    /// One daemon's answer, or why there is none.
    private record Answer(Daemon daemon, ServiceStatus status, String address, String problem) {}

    @Override
    public Integer call() {
        List<Answer> answers = List.of(ask(Daemon.VERIFIER), ask(Daemon.HOST));
        PrintWriter out = spec.commandLine().getOut();
        if (output.format().isJson()) {
            output.printJson(out, answers.stream().map(DaemonStatusCommand::json).toList());
        } else {
            answers.forEach(a -> text(a, out));
        }
        return answers.stream().allMatch(a -> a.status() != null) ? ExitCode.OK : ExitCode.FAILED;
    }

    private Answer ask(Daemon d) {
        try {
            if (d == Daemon.HOST) {
                try (DaemonClient<HostService.Client> c = DaemonClient.host(connection)) {
                    return new Answer(d, c.call(HostService.Client::status), DaemonClient.text(c.address()), null);
                }
            }
            try (DaemonClient<VerifierService.Client> c = DaemonClient.verifier(connection)) {
                return new Answer(d, c.call(VerifierService.Client::status), DaemonClient.text(c.address()), null);
            }
        } catch (CommandException e) {
            return new Answer(d, null, null, e.getMessage());
        }
    }

    private static void text(Answer a, PrintWriter out) {
        if (a.status() == null) {
            out.printf("%-8s  not serving: %s%n", a.daemon().folder(), a.problem());
            return;
        }
        ServiceStatus s = a.status();
        out.printf("%-8s  serving on %s  pid %d  version %s  up %s  requests %d/%d  caller %s%n", a.daemon().folder(),
                a.address(), s.getPid(), s.getVersion(), uptime(s.getStartedAtMillis()), s.getRequestsInProgress(),
                s.getMaxConcurrentRequests(), s.getCaller());
        s.getConfinement().forEach(c -> out.println("          confinement: " + c));
    }

    private static Map<String, Object> json(Answer a) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", a.daemon().folder());
        j.put("serving", a.status() != null);
        if (a.status() == null) {
            j.put("error", a.problem());
            return j;
        }
        ServiceStatus s = a.status();
        j.put("address", a.address());
        j.put("service", s.getServiceName());
        j.put("pid", s.getPid());
        j.put("version", s.getVersion());
        j.put("started_at", s.getStartedAtMillis() / 1000);
        j.put("caller", s.getCaller());
        j.put("requests_in_progress", s.getRequestsInProgress());
        j.put("max_concurrent_requests", s.getMaxConcurrentRequests());
        j.put("confinement", new ArrayList<>(s.getConfinement()));
        return j;
    }

    private static String uptime(long startedAtMillis) {
        Duration d = Duration.between(Instant.ofEpochMilli(startedAtMillis), Instant.now());
        if (d.isNegative()) {
            return "0s";
        }
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() > 0
                ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }
}
