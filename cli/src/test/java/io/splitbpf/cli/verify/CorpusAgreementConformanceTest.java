package io.splitbpf.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.testsupport.TestPaths;
import io.splitbpf.verifier.VerifierOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/// Our verdict on every program of the shared corpus (`corpus/manifest.csv`) against PREVAIL's,
/// one dynamic test per program:
///
/// - a program PREVAIL accepts, we accept, unless `corpus-differences.csv` lists it with the
///   reason (and then it must still differ, so that a fix asks for the entry to go);
/// - a program PREVAIL rejects (or could not load) we reject or refuse, unless
///   `accepted-where-prevail-rejects.md` explains why it is safe; a deliberately unsafe sample
///   under `build/` can never be explained away;
/// - every object under `invalid/` is refused, by the loader with a message that names it, or
///   (the well-formed fuzzer time-outs) by the verifier.
///
/// The table ours × PREVAIL and the agreement line are printed at the end, as
/// `ebpf verify --manifest` prints them.
class CorpusAgreementConformanceTest {
    private static final String DIFFERENCES = "corpus-differences.csv";
    private static final String EXPLANATIONS = "accepted-where-prevail-rejects.md";

    private static final List<Manifest.Result> RESULTS = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> everyProgram() throws IOException {
        Path corpus = TestPaths.requireShared("corpus");
        List<Manifest.Row> rows = Manifest.read(corpus.resolve("manifest.csv"));
        Manifest.Runner runner = new Manifest.Runner(corpus, VerifierOptions.defaults());
        Map<String, String> differences = differences();
        Set<String> explained = explained();
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.where(), () -> {
            Manifest.Result r = runner.verify(row);
            record(r);
            check(r, differences, explained);
        }));
    }

    private static void check(Manifest.Result r, Map<String, String> differences, Set<String> explained) {
        Manifest.Row row = r.row();
        String where = row.where();
        if (row.file().startsWith("invalid/")) {
            assertNotEquals(Manifest.Outcome.ACCEPTED, r.ours(), where + ": a malformed object was accepted");
            if (r.ours() == Manifest.Outcome.LOAD_ERROR) {
                String name = Path.of(row.file()).getFileName().toString();
                assertTrue(r.detail().startsWith(name + ": ") && r.detail().length() > name.length() + 10,
                        where + ": the error does not name the object or says nothing: " + r.detail());
            }
            return;
        }
        if (row.prevail() == Manifest.Outcome.ACCEPTED) {
            String why = differences.get(where);
            if (why == null) {
                assertEquals(Manifest.Outcome.ACCEPTED, r.ours(), where + ": " + r.detail());
            } else {
                assertNotEquals(Manifest.Outcome.ACCEPTED, r.ours(), where + " is accepted now: drop it from "
                        + DIFFERENCES + " (" + why + ")");
            }
            return;
        }
        if (explained.contains(where)) {
            assertEquals(Manifest.Outcome.ACCEPTED, r.ours(), where + " is no longer accepted: drop its section from "
                    + EXPLANATIONS + " (" + r.detail() + ")");
        } else {
            assertNotEquals(Manifest.Outcome.ACCEPTED, r.ours(), where + ": accepted where PREVAIL "
                    + row.prevail().prevailName() + " (" + row.prevailFirstError() + "), with no explanation in "
                    + EXPLANATIONS);
        }
    }

    @Test
    void everyListedProgramIsInTheManifestAndNoUnsafeSampleIsExplainedAway() throws IOException {
        Path corpus = TestPaths.requireShared("corpus");
        Map<String, Manifest.Row> rows = new TreeMap<>();
        for (Manifest.Row row : Manifest.read(corpus.resolve("manifest.csv"))) {
            rows.put(row.where(), row);
        }
        for (String where : differences().keySet()) {
            assertTrue(rows.containsKey(where), DIFFERENCES + " lists " + where + ", which the manifest does not");
            assertEquals(Manifest.Outcome.ACCEPTED, rows.get(where).prevail(), where + ": PREVAIL does not accept it");
        }
        for (String where : explained()) {
            Manifest.Row row = rows.get(where);
            assertTrue(row != null, EXPLANATIONS + " explains " + where + ", which the manifest does not list");
            assertNotEquals(Manifest.Outcome.ACCEPTED, row.prevail(), where + ": PREVAIL accepts it already");
            assertFalse(row.file().startsWith("build/") && !row.upstreamStatus().equals("expected_failure"),
                    where + " is a deliberately unsafe sample (" + row.upstreamStatus() + ")");
        }
    }

    /// `file section/function` → reason, from [#DIFFERENCES].
    private static Map<String, String> differences() throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<String> lines = resource(DIFFERENCES).lines().toList();
        assertEquals(List.of("file", "section", "function", "reason"), Csv.fields(lines.getFirst()));
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = Csv.fields(line);
            assertEquals(4, f.size(), DIFFERENCES + ": " + line);
            assertFalse(f.get(3).isBlank(), DIFFERENCES + ": no reason for " + line);
            out.put(f.get(0) + " " + f.get(1) + "/" + f.get(2), f.get(3));
        }
        return out;
    }

    /// The programs [#EXPLANATIONS] has a section for (`## file section/function`).
    private static Set<String> explained() throws IOException {
        Set<String> out = new TreeSet<>();
        resource(EXPLANATIONS).lines().filter(l -> l.startsWith("## ")).forEach(l -> out.add(l.substring(3).strip()));
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CorpusAgreementConformanceTest.class.getResourceAsStream("/verify/" + name)) {
            if (in == null) {
                throw new IOException("test resource verify/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static synchronized void record(Manifest.Result r) {
        RESULTS.add(r);
    }

    @AfterAll
    static synchronized void table() {
        if (RESULTS.isEmpty()) {
            return;
        }
        Manifest.Agreement a = Manifest.Agreement.of(RESULTS);
        System.out.println("corpus: " + RESULTS.size() + " programs");
        RESULTS.stream().filter(r -> !r.same()).forEach(r -> System.out.println("  " + r.differenceLine()));
        a.tableLines().forEach(System.out::println);
        System.out.println(a.closingLine());
    }
}
