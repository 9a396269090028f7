package io.splitbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.testsupport.Golden;
import io.splitbpf.testsupport.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// The CLI's output, compared with golden files in `src/test/resources/golden/cli` (stdout,
/// then stderr after a `--- stderr` line, then the exit code). Paths of the checkout and of the
/// shared data are written as `$ROOT` and `$SHARED`. `-Dgolden.update=true` rewrites them.
class CliGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/cli");

    private record Case(String name, int exit, String... args) {}

    private static List<Case> cases() {
        String root = TestPaths.root().toString();
        String samples = root + "/samples/";
        List<Case> cases = new ArrayList<>(List.of(
                new Case("help", 0, "--help"),
                new Case("object-help", 0, "object", "--help"),
                new Case("object-show-help", 0, "object", "show", "--help"),
                new Case("object-dump-help", 0, "object", "dump", "--help"),
                new Case("conformance-help", 0, "conformance", "--help"),
                new Case("object-show-xdp_proto_count", 0, "object", "show", samples + "xdp_proto_count.o"),
                new Case("object-show-map_in_map-json", 0, "object", "show", "-j", samples + "map_in_map.o"),
                new Case("object-show-tail_call-pretty", 0, "object", "show", "-p", samples + "tail_call.o"),
                new Case("object-dump-global_data", 0, "object", "dump", samples + "global_data.o"),
                new Case("object-dump-xdp_proto_count-linum", 0, "object", "dump", "--linum",
                        samples + "xdp_proto_count.o"),
                new Case("object-dump-bpf_to_bpf_call-json", 0, "object", "dump", "-j", "--program", "xdp_calls",
                        samples + "bpf_to_bpf_call.o"),
                new Case("object-dump-unknown-program", 2, "object", "dump", "--program", "nope",
                        samples + "xdp_proto_count.o"),
                new Case("object-show-missing-file", 2, "object", "show", samples + "missing.o"),
                new Case("object-show-not-elf", 2, "object", "show", samples + "README.md"),
                new Case("unknown-option", 2, "object", "show", "--bogus", samples + "xdp_proto_count.o"),
                new Case("conformance-missing-file", 2, "conformance", samples + "missing.data"),
                new Case("demo", 0, "demo")));
        Path shared = TestPaths.shared();
        if (shared.resolve("bench").toFile().isDirectory()) {
            cases.add(new Case("conformance-bench-interpreter", 0, "conformance", "--engine", "interpreter", "-v",
                    shared.resolve("bench").toString()));
            cases.add(new Case("conformance-bench-jit-json", 0, "conformance", "--engine", "jit", "-j",
                    shared.resolve("bench").toString()));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> golden() {
        TestPaths.requireShared("conformance");
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = EbpfCommand.run(new PrintWriter(out), new PrintWriter(err), c.args());
            String text = out + "--- stderr\n" + err + "--- exit " + code + "\n";
            text = text.replace(TestPaths.shared().toString(), "$SHARED").replace(TestPaths.root().toString(), "$ROOT");
            Golden.assertMatches(GOLDEN.resolve(c.name() + ".txt"), text);
            assertEquals(c.exit(), code, text);
        }));
    }
}
