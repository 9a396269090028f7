package io.splitbpf.cli.daemon;

import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/// Starts and stops the daemons of a state directory as background processes, through their
/// launchers in `bin/`. A started daemon runs in its own session (`setsid`), so the caller's
/// terminal signals do not reach it, with its standard output and error appended to its `log`.
public final class DaemonLauncher {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int LOG_TAIL_LINES = 20;

    private final StateLayout state;
    private final Path bin;

    /// A launcher for the daemons of `state`, whose launchers are in `bin`.
    public DaemonLauncher(StateLayout state, Path bin) {
        this.state = state;
        this.bin = bin;
    }

    /// The launchers of this checkout or distribution: `bin/` under `-Dsplitbpf.root` (which
    /// `bin/ebpf` sets), else under the working directory.
    public static Path defaultBin() {
        return Path.of(System.getProperty("splitbpf.root", ".")).resolve("bin").toAbsolutePath().normalize();
    }

    /// A daemon that serves.
    ///
    /// @param daemon which
    /// @param pid its process id
    /// @param address where it listens
    /// @param alreadyRunning whether it was running before this call
    public record Running(Daemon daemon, long pid, InetSocketAddress address, boolean alreadyRunning) {}

    /// A daemon process started and not yet serving.
    private record Pending(Daemon daemon, Process process, long logOffset) {}

    /// How a stop went.
    public enum Stopped { NOT_RUNNING, STOPPED, KILLED }

    /// Starts those of `daemons` that are not running and waits until each serves (its endpoint
    /// file appears). When one fails to start, the others this call started are stopped again.
    ///
    /// @param listen per daemon, the address to listen on, or null for the daemon's default
    /// @throws CommandException naming the daemon, why it failed and the tail of its log
    public List<Running> start(List<Daemon> daemons, java.util.Map<Daemon, String> listen, Duration timeout) {
        List<Running> result = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        try {
            for (Daemon d : daemons) {
                Optional<Running> running = running(d);
                if (running.isPresent()) {
                    result.add(running.get());
                } else {
                    pending.add(launch(d, listen.get(d)));
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Pending p : pending) {
                result.add(await(p, deadline, timeout));
            }
            return result;
        } catch (RuntimeException e) {
            for (Pending p : pending) {
                stopProcess(p.daemon(), p.process().toHandle(), Duration.ofSeconds(10));
            }
            throw e;
        }
    }

    /// The daemon's process and address when it runs and serves.
    public Optional<Running> running(Daemon d) {
        try {
            Optional<ProcessHandle> process = d.process(state);
            Optional<InetSocketAddress> address = d.endpoint(state);
            if (process.isPresent() && address.isPresent()) {
                return Optional.of(new Running(d, process.get().pid(), address.get(), true));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, e.getMessage(), e);
        }
    }

    private Pending launch(Daemon d, String listen) {
        Path launcher = bin.resolve(d.launcher());
        if (!Files.isExecutable(launcher)) {
            throw CommandException.failed("cannot start " + d.title() + ": " + launcher + " is missing or not executable");
        }
        try {
            Files.createDirectories(state.daemon(d.folder()));
            // A daemon that died without cleaning up leaves files that would look like a live one.
            Files.deleteIfExists(state.endpoint(d.folder()));
            Files.deleteIfExists(state.pidFile(d.folder()));
            Path log = state.log(d.folder());
            long offset = Files.exists(log) ? Files.size(log) : 0;
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                command.addAll(List.of("/usr/bin/setsid", "--wait"));
            }
            command.addAll(List.of(launcher.toString(), "--state", state.root().toString()));
            if (listen != null) {
                command.addAll(List.of("--listen", listen));
            }
            Process p = new ProcessBuilder(command)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            return new Pending(d, p, offset);
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, "cannot start " + d.title() + ": " + e.getMessage(), e);
        }
    }

    private Running await(Pending p, long deadline, Duration timeout) {
        Daemon d = p.daemon();
        try {
            while (true) {
                Optional<InetSocketAddress> address = d.endpoint(state);
                if (address.isPresent()) {
                    return new Running(d, d.pid(state).orElse(p.process().pid()), address.get(), false);
                }
                if (!p.process().isAlive()) {
                    throw CommandException.failed(d.title() + " exited with status " + p.process().exitValue()
                            + " before serving" + tail(d, p.logOffset()));
                }
                if (System.nanoTime() > deadline) {
                    stopProcess(d, p.process().toHandle(), Duration.ofSeconds(5));
                    throw CommandException.failed(d.title() + " did not serve within " + timeout.toSeconds()
                            + " s (no " + state.endpoint(d.folder()) + "); stopped it" + tail(d, p.logOffset()));
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, d.title() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandException.failed("interrupted while waiting for " + d.title());
        }
    }

    /// Sends SIGTERM to the daemon and waits up to `timeout` for it to exit; one that does not
    /// is killed. Either way its endpoint and pid files are gone afterwards.
    public Stopped stop(Daemon d, Duration timeout) {
        try {
            Optional<ProcessHandle> process = d.process(state);
            if (process.isEmpty()) {
                Files.deleteIfExists(state.endpoint(d.folder()));
                Files.deleteIfExists(state.pidFile(d.folder()));
                return Stopped.NOT_RUNNING;
            }
            return stopProcess(d, process.get(), timeout);
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, d.title() + ": " + e.getMessage(), e);
        }
    }

    private Stopped stopProcess(Daemon d, ProcessHandle process, Duration timeout) {
        Stopped how = Stopped.STOPPED;
        process.destroy();
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            how = Stopped.KILLED;
            process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // onExit does not fail
        }
        try {
            Files.deleteIfExists(state.endpoint(d.folder()));
            Files.deleteIfExists(state.pidFile(d.folder()));
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, d.title() + ": " + e.getMessage(), e);
        }
        return how;
    }

    /// `; last lines of LOG:` and what the daemon wrote there since `offset`.
    private String tail(Daemon d, long offset) {
        Path log = state.log(d.folder());
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.min(offset, f.length());
            byte[] bytes = new byte[(int) Math.min(1 << 20, f.length() - from)];
            f.seek(f.length() - bytes.length);
            f.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            if (lines.isEmpty()) {
                return "; its log " + log + " is empty";
            }
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "; last lines of " + log + ":\n  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "; cannot read " + log + ": " + e.getMessage();
        }
    }
}
