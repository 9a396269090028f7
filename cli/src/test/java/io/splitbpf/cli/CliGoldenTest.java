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
                new Case("verify-help", 0, "verify", "--help"),
                new Case("prog-help", 0, "prog", "--help"),
                new Case("prog-run-help", 0, "prog", "run", "--help"),
                new Case("map-update-help", 0, "map", "update", "--help"),
                new Case("prog-run-bad-id", 2, "prog", "run", "id", "x", "data_in", "-"),
                new Case("prog-run-missing-data", 2, "prog", "run", "id", "3", "repeat", "10"),
                new Case("prog-show-no-pki", 1, "prog", "show", "--state", root + "/cli/target/no-such-state"),
                new Case("prog-show-no-pki-json", 1, "prog", "show", "-j", "--state", root + "/cli/target/no-such-state"),
                new Case("pcap-show-mixed", 0, "pcap", "show", samples + "traffic/mixed.pcap"),
                new Case("pcap-show-not-pcap", 2, "pcap", "show", samples + "README.md"),
                new Case("artifact-show-not-artifact", 2, "artifact", "show", samples + "xdp_proto_count.o"),
                new Case("cert-revoke-bad-serial", 2, "cert", "revoke", "xyz"),
                new Case("verify-xdp_proto_count", 0, "verify", samples + "xdp_proto_count.o"),
                new Case("verify-unsafe_null_deref", 1, "verify", samples + "unsafe_null_deref.o"),
                new Case("verify-unsafe_null_deref-informational", 1, "verify", "--level", "informational",
                        samples + "unsafe_null_deref.o"),
                new Case("verify-unsafe_null_deref-verbose", 1, "verify", "--level", "verbose",
                        samples + "unsafe_null_deref.o"),
                new Case("verify-unsafe_packet_oob-json", 1, "verify", "-j", samples + "unsafe_packet_oob.o"),
                new Case("verify-map_in_map-section-pretty", 0, "verify", "-p", "--section", "xdp", "--level",
                        "informational", samples + "map_in_map.o"),
                new Case("verify-unknown-program", 2, "verify", "--program", "nope", samples + "tail_call.o"),
                new Case("verify-unknown-section", 2, "verify", "--section", "nope", samples + "tail_call.o"),
                new Case("verify-bad-level", 2, "verify", "--level", "loud", samples + "tail_call.o"),
                new Case("verify-missing-file", 2, "verify", samples + "missing.o"),
                new Case("verify-not-elf", 2, "verify", samples + "README.md"),
                new Case("verify-cases-not-yaml", 2, "verify", "--cases", samples + "README.md"),
                new Case("verify-cases-own", 0, "verify", "--cases", root + "/verifier-service/src/test/resources/cases/exit.yaml",
                        root + "/verifier-service/src/test/resources/cases/tailcall.yaml"),
                new Case("verify-cases-with-stats", 2, "verify", "--cases", "--stats", samples + "README.md"),
                new Case("verify-manifest-small", 1, "verify", "--manifest", "src/test/resources/verify/manifest.csv")));
        Path shared = TestPaths.shared();
        if (shared.resolve("bench").toFile().isDirectory()) {
            cases.add(new Case("conformance-bench-interpreter", 0, "conformance", "--engine", "interpreter", "-v",
                    shared.resolve("bench").toString()));
            cases.add(new Case("conformance-bench-jit-json", 0, "conformance", "--engine", "jit", "-j",
                    shared.resolve("bench").toString()));
        }
        if (shared.resolve("verifier-cases").toFile().isDirectory()) {
            String vc = shared.resolve("verifier-cases") + "/";
            cases.add(new Case("verify-cases-add-packet", 1, "verify", "--cases", vc + "add.yaml", vc + "packet.yaml"));
            cases.add(new Case("verify-cases-packet-json", 1, "verify", "--cases", "-j", vc + "packet.yaml"));
            cases.add(new Case("verify-cases-schema-only", 0, "verify", "--cases", vc + "test-schema.yaml"));
        }
        return cases;
    }

    /// `text` with the verifier's time and memory measurements (the only non-deterministic
    /// output) replaced by `<n>`.
    static String unmeasured(String text) {
        return text.replaceAll("time \\d+ ms", "time <n> ms").replaceAll("allocated \\d+ KB", "allocated <n> KB")
                .replaceAll("\"(millis|allocatedBytes)\":( ?)-?\\d+", "\"$1\":$2<n>");
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
            text = unmeasured(text);
            Golden.assertMatches(GOLDEN.resolve(c.name() + ".txt"), text);
            assertEquals(c.exit(), code, text);
        }));
    }
}
