package io.splitbpf.cli.e2e;

import io.splitbpf.testsupport.Golden;
import io.splitbpf.testsupport.TestPaths;
import java.nio.file.Path;

/// Golden files of the end-to-end tests (`src/test/resources/golden/e2e`), with what changes
/// from run to run written as `<n>`: times, durations, run-time counters, ports, serial numbers,
/// the size of a signature, the JIT's output size (which follows the JIT, not the CLI), the slot
/// and time of a trace line, and the paths of the temporary state directory.
final class Transcripts {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/e2e");

    private Transcripts() {}

    /// `text` without what varies between runs.
    static String unmeasured(String text) {
        return text
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d{4})", "<time>")
                .replaceAll("\"(loaded_at|started_at|duration|duration_total|run_time_ns|bytes_jited|issued_at|expires_at)\":"
                        + "( ?)(\"[^\"]*\"|\\d+)", "\"$1\":$2<n>")
                .replaceAll("run_time_ns \\d+", "run_time_ns <n>")
                .replaceAll("jited \\d+B", "jited <n>B")
                .replaceAll("(duration( \\(average\\))?|total): \\d+ns", "$1: <n>ns")
                .replaceAll("total \\d+ns", "total <n>ns")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")
                .replaceAll("serial [0-9a-f]+", "serial <n>")
                .replaceAll("(\\.artifact) \\(\\d+ bytes\\)", "$1 (<n> bytes)")
                .replaceAll("\\[\\d{3}\\] +\\d+\\.\\d{6}: bpf_trace_printk", "[<cpu>] <time>: bpf_trace_printk")
                .replaceAll("time \\d+ ms", "time <n> ms")
                .replaceAll("allocated \\d+ KB", "allocated <n> KB");
    }

    /// Compares `text`, normalised by `pair` and [#unmeasured], with golden file `name`.
    static void assertMatches(String name, DaemonPair pair, String text) {
        assertMatches(name, pair.normalise(text));
    }

    /// Compares `text`, normalised by [#unmeasured] and with the checkout as `$ROOT`, with
    /// golden file `name`.
    static void assertMatches(String name, String text) {
        Golden.assertMatches(GOLDEN.resolve(name + ".txt"),
                unmeasured(text.replace(TestPaths.root().toString(), "$ROOT")));
    }
}
