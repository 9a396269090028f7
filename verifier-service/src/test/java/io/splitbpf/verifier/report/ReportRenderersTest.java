package io.splitbpf.verifier.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.SourceLoc;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.testsupport.Golden;
import io.splitbpf.verifier.ReportLevel;
import io.splitbpf.verifier.ValueRange;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.VerificationStats;
import io.splitbpf.verifier.Verifier;
import io.splitbpf.verifier.VerifierOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/// [TextReportRenderer] and [JsonReportRenderer]: hand-made reports against golden files in
/// `src/test/resources/golden/report` (`-Dgolden.update=true` rewrites them), and real
/// verifications for what the levels add.
class ReportRenderersTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/report");
    private static final SourceLoc LINE = new SourceLoc("/src/xdp_prog.c", 31, 9, "\t*val += 1;");
    private static final MapSpec ARRAY = new MapSpec("m", MapType.ARRAY, 4, 8, 16, 0, 0, 0, 0, Optional.empty(),
            new byte[0], List.of(), false, Optional.empty(), Optional.empty(), MapOrigin.values()[0]);
    private static final String LOOKUP = """
            r1 = 0
            *(u32 *)(r10 - 4) = r1
            r2 = r10
            r2 += -4
            r1 = map_fd 0
            call 1
            """;

    private static VerificationReport rejected(ReportLevel level) {
        TreeMap<Integer, String> pre = new TreeMap<>();
        TreeMap<Integer, String> post = new TreeMap<>();
        if (level != ReportLevel.SUMMARY) {
            pre.put(7, "[r0.type in {number, shared}]");
            post.put(7, "[r0.type=shared, r1.type=number]");
        }
        if (level == ReportLevel.FULL) {
            pre.put(0, "[r1.type=ctx]");
            pre.put(6, "[r0.type=number]");
        }
        return new VerificationReport(Verdict.REJECTED, "ab".repeat(32), "0.1.0", VerifierOptions.defaults().withLevel(level),
                List.of(new Finding(3, "Code is unreachable", "", false),
                        new Finding(7, "Possible null access", "r0.type != number", true).withSource(LINE),
                        new Finding(9, "Upper bound must be at most packet_size",
                                "valid_access(r2.offset, width=1) for read", true),
                        new Finding(11, "Possible division by zero", "r3 != 0", true)),
                Optional.empty(), new VerificationStats(12, 30, 0, 12, 4, 200_000), pre, post);
    }

    private static VerificationReport accepted() {
        return new VerificationReport(Verdict.ACCEPTED, "cd".repeat(32), "0.1.0", VerifierOptions.defaults(), List.of(),
                Optional.of(new ValueRange(1, 2)), new VerificationStats(5, 6, 9, 55, 0, -1), new TreeMap<>());
    }

    @ParameterizedTest
    @EnumSource(ReportLevel.class)
    void textGolden(ReportLevel level) {
        Golden.assertMatches(GOLDEN.resolve("rejected-" + level.displayName() + ".txt"),
                TextReportRenderer.render(rejected(level)));
    }

    @ParameterizedTest
    @EnumSource(ReportLevel.class)
    void jsonGolden(ReportLevel level) {
        Golden.assertMatches(GOLDEN.resolve("rejected-" + level.displayName() + ".json"),
                JsonReportRenderer.render(rejected(level), true) + "\n");
    }

    @Test
    void acceptedGolden() {
        Golden.assertMatches(GOLDEN.resolve("accepted-normal.txt"), TextReportRenderer.render(accepted()));
        Golden.assertMatches(GOLDEN.resolve("accepted-normal.json"), JsonReportRenderer.render(accepted(), false) + "\n");
    }

    @Test
    void normalShowsTheFirstErrorAndACount() {
        String text = TextReportRenderer.render(rejected(ReportLevel.SUMMARY));
        assertTrue(text.contains("7: Possible null access (r0.type != number) at xdp_prog.c:31: *val += 1;\n"), text);
        assertTrue(text.contains("  suggestion: check the result of bpf_map_lookup_elem against NULL first\n"), text);
        assertTrue(text.contains("(2 more findings)\n"), text);
        assertFalse(text.contains("9:"), text);
    }

    @Test
    void suggestions() {
        assertEquals(Optional.of("compare against data_end first"),
                new Finding(2, "Upper bound must be at most packet_size", "x", true).suggestion());
        assertEquals(Optional.empty(), new Finding(2, "Invalid type", "r1.type == number", true).suggestion());
        assertEquals(Optional.empty(), new Finding(2, "Possible null access", "x", false).suggestion());
    }

    @Test
    void informationalCarriesTheStatesAroundTheFailure() {
        InsnSeq seq = Assembler.of(Dialect.LLVM).assemble(LOOKUP + "r1 = *(u64 *)(r0 + 0)\nr0 = 0\nexit\n");
        VerificationReport summary = Verifier.verify(seq, List.of(ARRAY), ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults());
        assertTrue(summary.invariants().isEmpty() && summary.postInvariants().isEmpty());
        VerificationReport r = Verifier.verify(seq, List.of(ARRAY), ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults().withLevel(ReportLevel.SLICE));
        assertEquals(Verdict.REJECTED, r.verdict());
        assertEquals(List.of(7), List.copyOf(r.invariants().keySet()));
        assertEquals(List.of(7), List.copyOf(r.postInvariants().keySet()));
        String text = TextReportRenderer.render(r);
        assertTrue(text.contains("\n  before: "), text);
        assertTrue(text.contains("\n  after: "), text);
        assertTrue(JsonReportRenderer.render(r, false).contains("\"before\":\"["), JsonReportRenderer.render(r, false));
    }

    @Test
    void verboseCarriesEveryInvariant() {
        InsnSeq seq = Assembler.of(Dialect.LLVM).assemble(LOOKUP + "if r0 == 0 goto +1\nr1 = *(u64 *)(r0 + 0)\nr0 = 0\nexit\n");
        VerificationReport r = Verifier.verify(seq, List.of(ARRAY), ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults().withLevel(ReportLevel.FULL));
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
        String text = TextReportRenderer.render(r);
        assertTrue(text.contains("r0 at exit: 0\n"), text);
        assertEquals(seq.size(), text.lines().filter(l -> l.matches("  \\d+: \\[.*")).count(), text);
        String json = JsonReportRenderer.render(r, false);
        assertTrue(json.startsWith("{\"reportVersion\":1,\"level\":\"verbose\",\"verdict\":\"accepted\""), json);
        assertTrue(json.contains("\"exitRange\":{\"min\":0,\"max\":0}"), json);
    }
}
