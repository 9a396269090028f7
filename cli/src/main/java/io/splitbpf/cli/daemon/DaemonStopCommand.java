package io.splitbpf.cli.daemon;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.StateOptionMixin;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `ebpf daemon stop [--state DIR]`: SIGTERM to the host and the verifier, and wait for them
/// to exit; one that has not within the timeout is killed.
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the host and verifier daemons.")
public final class DaemonStopCommand implements Callable<Integer> {
    @Mixin
    StateOptionMixin state;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long to wait for each to exit before killing it; default ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DaemonLauncher launcher = new DaemonLauncher(state.layout(), DaemonLauncher.defaultBin());
        PrintWriter out = spec.commandLine().getOut();
        for (Daemon d : List.of(Daemon.HOST, Daemon.VERIFIER)) {
            var pid = launcher.running(d).map(DaemonLauncher.Running::pid);
            DaemonLauncher.Stopped how = launcher.stop(d, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
            out.printf("%-8s  %s%n", d.folder(), switch (how) {
                case NOT_RUNNING -> "not running";
                case STOPPED -> "stopped" + pid.map(p -> " (pid " + p + ")").orElse("");
                case KILLED -> "killed" + pid.map(p -> " (pid " + p + ")").orElse("") + ": it did not exit within "
                        + timeoutSeconds + " s of SIGTERM";
            });
        }
        return ExitCode.OK;
    }
}
