package io.splitbpf.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.EbpfCommand;
import io.splitbpf.cli.daemon.Daemon;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/// Both daemons, started for a test class by `ebpf daemon start` in a temporary state
/// directory, on free ports, through the real launchers in `bin/`; and `ebpf` commands run
/// against them in this JVM. [#close] stops them and removes the directory.
///
/// The end-to-end tests run in Maven's integration-test phase, after `package` built the
/// jar the launchers run (`splitbpf.e2e` is set there); elsewhere they are skipped.
final class DaemonPair implements AutoCloseable {
    private final Path dir;
    private final StateLayout state;

    /// The output of one command.
    record Run(int code, String out, String err) {
        /// stdout, then stderr, then the exit code, as the golden files hold them.
        String transcript() {
            return out + "--- stderr\n" + err + "--- exit " + code + "\n";
        }
    }

    private DaemonPair(Path dir) {
        this.dir = dir;
        this.state = new StateLayout(dir.resolve("state"));
    }

    /// Skips the calling test unless the distribution is packaged (the integration-test phase).
    static void requirePackaged() {
        Assumptions.assumeTrue(Boolean.getBoolean("splitbpf.e2e"),
                "end-to-end tests run in the integration-test phase, after package (mvn verify)");
        TestPaths.requireInRoot("bin");
    }

    /// Starts both daemons in a fresh state directory.
    static DaemonPair start() throws IOException {
        requirePackaged();
        DaemonPair pair = new DaemonPair(Files.createTempDirectory("splitbpf-e2e-"));
        Run r = pair.ebpf("daemon", "start");
        assertEquals(0, r.code(), "daemon start: " + r.transcript());
        return pair;
    }

    /// The state directory.
    StateLayout state() {
        return state;
    }

    /// The temporary folder holding the state directory; tests may put files here.
    Path dir() {
        return dir;
    }

    /// Runs `ebpf ARGS --state STATE`.
    Run ebpf(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state", state.root().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EbpfCommand.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /// Runs `ebpf ARGS --state STATE` and requires exit code 0.
    String ok(String... args) {
        Run r = ebpf(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.transcript());
        return r.out();
    }

    /// `text` with the checkout, the state directory and the temporary folder written as
    /// `$ROOT`, `$STATE` and `$TMP`.
    String normalise(String text) {
        return text.replace(state.root().toString(), "$STATE").replace(dir.toString(), "$TMP")
                .replace(TestPaths.root().toString(), "$ROOT");
    }

    /// The process id of `daemon`.
    long pid(Daemon daemon) throws IOException {
        return daemon.pid(state).orElseThrow();
    }

    @Override
    public void close() throws IOException {
        try {
            ebpf("daemon", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
