package io.splitbpf.cli.daemon;

import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/// The two daemons: their folder in the state directory, the name their TLS certificate
/// carries, their launcher in `bin/` and their main class.
public enum Daemon {
    /// `ebpf-verifierd`: verifies and signs.
    VERIFIER("verifier", Pki.VERIFIER_SERVER, "ebpf-verifierd", "io.splitbpf.verifier.service.VerifierDaemon"),
    /// `ebpf-hostd`: admits signed artifacts and runs them.
    HOST("host", Pki.HOST_SERVER, "ebpf-hostd", "io.splitbpf.exec.daemon.HostDaemon");

    private final String folder;
    private final String serverName;
    private final String launcher;
    private final String mainClass;

    Daemon(String folder, String serverName, String launcher, String mainClass) {
        this.folder = folder;
        this.serverName = serverName;
        this.launcher = launcher;
        this.mainClass = mainClass;
    }

    /// Its folder's name in the state directory, and how messages name it: `verifier`, `host`.
    public String folder() {
        return folder;
    }

    /// The common name of its TLS server certificate.
    public String serverName() {
        return serverName;
    }

    /// Its launcher's file name in `bin/`.
    public String launcher() {
        return launcher;
    }

    /// The class its launcher runs; it appears on the daemon's command line.
    public String mainClass() {
        return mainClass;
    }

    /// `the verifier daemon`, `the host daemon`.
    public String title() {
        return "the " + folder + " daemon";
    }

    /// The address in its endpoint file, if the file exists.
    ///
    /// @throws IOException when the file exists but does not hold `HOST:PORT`
    public Optional<InetSocketAddress> endpoint(StateLayout state) throws IOException {
        Path file = state.endpoint(folder);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(parseAddress(text, file.toString()));
    }

    /// The process id in its pid file, if the file exists and holds a number.
    public OptionalLong pid(StateLayout state) throws IOException {
        try {
            String text = Files.readString(state.pidFile(folder), StandardCharsets.UTF_8).strip();
            return OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (NumberFormatException e) {
            throw new IOException(state.pidFile(folder) + ": not a process id", e);
        }
    }

    /// The live process its pid file names, if that process runs this daemon's main class.
    public Optional<ProcessHandle> process(StateLayout state) throws IOException {
        OptionalLong pid = pid(state);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).filter(this::runs);
    }

    /// Whether `process` is this daemon. When the OS does not tell a process's arguments, a live
    /// process with the recorded pid is taken to be it.
    boolean runs(ProcessHandle process) {
        Optional<String> line = process.info().commandLine();
        return line.isEmpty() || line.get().contains(mainClass) || line.get().contains(launcher);
    }

    /// `HOST:PORT` (or `[V6]:PORT`) as an address; `where` names the text's origin in errors.
    static InetSocketAddress parseAddress(String text, String where) throws IOException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IOException(where + ": expected HOST:PORT, found '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException(where + ": '" + text.substring(colon + 1) + "' is not a port number", e);
        }
        if (port < 1 || port > 65535) {
            throw new IOException(where + ": port " + port + " is out of range");
        }
        return new InetSocketAddress(host, port);
    }
}
