package io.splitbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.splitbpf.testsupport.TestPaths;
import io.splitbpf.verifier.cases.CaseOutcome;
import io.splitbpf.verifier.cases.CaseRunner;
import io.splitbpf.verifier.cases.VerifierCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// PREVAIL's own verifier cases (`../shared/verifier-cases/*.yaml`, 443 cases), run through
/// our analysis by [CaseRunner] (which says when a case matches): one dynamic test per case,
/// named `file: test-case`. Where the verdicts agree on a rejection but the labels of the
/// errors differ, or the unreachable-code notes differ, the case still matches; those
/// differences are printed.
///
/// Every case that does not match is listed in `verifier-cases-differences.txt`
/// (`file<TAB>case<TAB>reason`): a listed case must still differ (so a precision gain is never
/// silent: drop its line), an unlisted one must match. `-Dverifier.cases.update=true`
/// rewrites the list from this run, keeping the reasons already written and adding computed
/// ones for new entries.
class VerifierCasesConformanceTest {
    private static final String DIFFERENCES = "verifier-cases-differences.txt";
    private static final int TOTAL_CASES = 443;

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        Path dir = TestPaths.requireShared("verifier-cases");
        List<VerifierCase> all = VerifierCase.readAll(dir);
        assertEquals(TOTAL_CASES, all.size(), "cases in " + dir);
        Map<String, String> listed = readDifferences();
        Map<String, CaseOutcome> outcomes = new LinkedHashMap<>();
        for (VerifierCase c : all) {
            outcomes.put(c.key(), CaseRunner.run(c));
        }
        report(outcomes, listed);
        if (Boolean.getBoolean("verifier.cases.update")) {
            writeDifferences(all, outcomes, listed);
        }
        Set<String> keys = new TreeSet<>(outcomes.keySet());
        List<String> stale = listed.keySet().stream().filter(k -> !keys.contains(k)).sorted().toList();
        DynamicTest noStale = DynamicTest.dynamicTest("differences list names only existing cases",
                () -> assertTrue(stale.isEmpty(), "listed but no such case: " + stale));
        return Stream.concat(Stream.of(noStale), all.stream().map(c -> DynamicTest.dynamicTest(c.key(), () -> {
            CaseOutcome o = outcomes.get(c.key());
            if (listed.containsKey(c.key())) {
                assertTrue(!o.matched(), "now matches PREVAIL: drop it from " + DIFFERENCES + " (was: "
                        + listed.get(c.key()) + ")");
            } else if (!o.matched()) {
                fail("differs from PREVAIL: " + o.reason());
            }
        })));
    }

    private static void report(Map<String, CaseOutcome> outcomes, Map<String, String> listed) {
        long matched = outcomes.values().stream().filter(CaseOutcome::matched).count();
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((k, o) -> {
            if (!o.matched()) {
                sb.append("differs: ").append(k).append(": ").append(o.reason()).append('\n');
            }
        });
        outcomes.forEach((k, o) -> o.notes().forEach(n -> sb.append("note: ").append(k).append(": ").append(n)
                .append('\n')));
        sb.append(matched).append(" matched, ").append(outcomes.size() - matched).append(" differ\n");
        System.out.print(sb);
    }

    // ----- the differences list -----

    private static Path differencesSource() {
        return TestPaths.root().resolve("verifier-service/src/test/resources").resolve(DIFFERENCES);
    }

    /// `file: case` to reason, from the classpath copy of the list.
    private static Map<String, String> readDifferences() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var in = VerifierCasesConformanceTest.class.getResourceAsStream("/" + DIFFERENCES)) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 3 || f[2].isBlank()) {
                    throw new IllegalStateException(DIFFERENCES + ": not file<TAB>case<TAB>reason: " + line);
                }
                if (out.put(f[0] + ": " + f[1], f[2]) != null) {
                    throw new IllegalStateException(DIFFERENCES + ": listed twice: " + line);
                }
            }
        }
        return out;
    }

    private static void writeDifferences(List<VerifierCase> all, Map<String, CaseOutcome> outcomes,
                                         Map<String, String> listed) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# PREVAIL verifier cases (../shared/verifier-cases) where our analysis does not match PREVAIL\n")
                .append("# (same verdict and a post-state entailing every post constraint): file<TAB>case<TAB>reason.\n")
                .append("# VerifierCasesConformanceTest asserts that each listed case still differs and every other\n")
                .append("# case matches; a case that starts matching must be removed from this list.\n");
        for (VerifierCase c : all) {
            CaseOutcome o = outcomes.get(c.key());
            if (!o.matched()) {
                String reason = listed.getOrDefault(c.key(), o.reason());
                sb.append(c.file()).append('\t').append(c.name()).append('\t')
                        .append(reason.replace('\t', ' ').replace('\n', ' ')).append('\n');
            }
        }
        Files.writeString(differencesSource(), sb.toString());
    }
}
