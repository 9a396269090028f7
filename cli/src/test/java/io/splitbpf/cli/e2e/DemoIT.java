package io.splitbpf.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// README's first command: `bin/ebpf demo`, run as a user runs it (a process, through the
/// launcher, from another working directory), against its golden transcript.
class DemoIT {
    @TempDir
    Path elsewhere;

    @Test
    void demoRunsEndToEndAndStopsWhatItStarted() throws IOException, InterruptedException {
        DaemonPair.requirePackaged();
        java.time.Instant started = java.time.Instant.now();
        Path log = elsewhere.resolve("demo.out");
        Process p = new ProcessBuilder(TestPaths.root().resolve("bin/ebpf").toString(), "demo")
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the demo did not end within 5 minutes");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Transcripts.assertMatches("demo", out + "--- exit " + p.exitValue() + "\n");
        assertEquals(0, p.exitValue(), out);
        // The daemons run in their own session, so they are no longer the demo's descendants once
        // it exits: look for any process started since, with a demo state directory on its command line.
        assertTrue(ProcessHandle.allProcesses()
                .filter(h -> h.info().startInstant().map(s -> s.isAfter(started)).orElse(false))
                .noneMatch(h -> h.info().commandLine().orElse("").contains("splitbpf-demo-")),
                "the demo left a daemon running");
    }
}
