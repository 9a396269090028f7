package io.splitbpf.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.cli.EbpfCommand;
import io.splitbpf.testsupport.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/// `ebpf verify --stats`: a row per program with its time and memory, then the totals; warm,
/// cold (a JVM per object) and against a manifest's PREVAIL times. The numbers vary from run
/// to run, so the lines are matched by shape.
class VerifyStatsTest {
    private record Run(int code, List<String> out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EbpfCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString().lines().toList(), err.toString());
    }

    private static String sample(String name) {
        return TestPaths.requireInRoot("samples").resolve(name).toString();
    }

    private static void hasLine(Run r, String regex) {
        assertTrue(r.out().stream().anyMatch(l -> l.matches(regex)), "no line like " + regex + " in:\n"
                + String.join("\n", r.out()));
    }

    @Test
    void warm() {
        Run r = run("verify", "--stats", sample("map_in_map.o"), sample("unsafe_null_deref.o"));
        assertEquals(1, r.code(), r.err());
        hasLine(r, ".*map_in_map.o +xdp_mim +accepted +\\d+ +\\d+\\.\\d +\\d+ +\\d+");
        hasLine(r, ".*unsafe_null_deref.o +xdp_null_deref +rejected +\\d+ +\\d+\\.\\d +\\d+ +\\d+");
        hasLine(r, "total: 3 programs \\(2 accepted, 1 rejected\\), 0 errors; verify \\d+\\.\\d ms, loading the objects "
                + "\\d+\\.\\d ms");
        hasLine(r, "memory: allocated \\d+ MB in all, most \\d+ MB \\(.*\\); heap needed at most \\d+ MB \\(.*\\)");
        hasLine(r, "over 512 MB of heap: none");
    }

    @Test
    void cold() {
        Run r = run("verify", "--stats", "--cold", sample("map_in_map.o"), sample("xdp_proto_count.o"));
        assertEquals(0, r.code(), r.err() + r.out());
        hasLine(r, ".*xdp_proto_count.o +xdp_proto_count +accepted .*");
        hasLine(r, "total: 3 programs \\(3 accepted, 0 rejected\\), 0 errors; verify \\d+\\.\\d ms");
        hasLine(r, "cold: 2 JVMs, one per object; wall \\d+\\.\\d ms in all \\(start-up, loading and verifying\\); "
                + "largest RSS (\\d+ MB \\(.*\\)|unknown)");
    }

    @Test
    void againstPrevail() {
        Run r = run("verify", "--stats", "--manifest", "src/test/resources/verify/manifest.csv");
        assertEquals(2, r.code(), "a manifest row names a missing object");
        hasLine(r, ".*xdp_proto_count.o +xdp_proto_count +accepted .* +4\\.0");
        hasLine(r, "error: .*missing.o xdp/prog: .*no such file");
        hasLine(r, "PREVAIL: 13\\.0 ms for the same 4 programs \\(manifest's prevail_time_ms, one process each\\), "
                + "ours \\d+\\.\\d ms");
    }

    /// One JVM per object, but the rows and errors of the manifest's programs only, one error
    /// per row that has no result, as in one JVM.
    @Test
    void coldAgainstPrevail() {
        Run r = run("verify", "--stats", "--cold", "--manifest", "src/test/resources/verify/manifest.csv");
        assertEquals(2, r.code(), "a manifest row names a missing object");
        hasLine(r, ".*tail_call.o +prog_b +accepted .* +3\\.0");
        assertTrue(r.out().stream().noneMatch(l -> l.matches(".*tail_call.o +prog_a .*")), "prog_a is in no row:\n"
                + String.join("\n", r.out()));
        hasLine(r, "error: .*tail_call.o xdp/no_such_function: .*");
        hasLine(r, "error: .*missing.o xdp/prog: .*no such file.*");
        hasLine(r, "total: 4 programs \\(2 accepted, 2 rejected\\), 2 errors; verify \\d+\\.\\d ms");
        hasLine(r, "PREVAIL: 13\\.0 ms for the same 4 programs \\(manifest's prevail_time_ms, one process each\\), "
                + "ours \\d+\\.\\d ms");
    }

    @Test
    void json() {
        Run r = run("verify", "--stats", "-j", sample("map_in_map.o"));
        assertEquals(0, r.code(), r.err());
        String json = String.join("\n", r.out());
        for (String key : List.of("\"peakHeapBytes\":", "\"allocatedBytes\":", "\"maxPeakHeapBytes\":", "\"maxRssKb\":")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
    }

    @Test
    void coldNeedsStats() {
        Run r = run("verify", "--cold", sample("map_in_map.o"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--cold needs --stats"), r.err());
    }
}
