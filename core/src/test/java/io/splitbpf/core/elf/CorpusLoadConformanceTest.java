package io.splitbpf.core.elf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.spec.CollectionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/// Loads every object of the shared corpus: each either loads or is refused with the loader's
/// own exception, whose message names the object; every malformed object in `invalid/` is
/// refused. Objects outside `invalid/` that are refused are listed in [#EXPECTED_REFUSALS]
/// with the reason, so a new refusal (or a fixed one) fails the test.
class CorpusLoadConformanceTest {
    /// Well-formed corpus objects the loader refuses on purpose, with the feature they use.
    private static final Map<String, String> EXPECTED_REFUSALS = Map.of(
            "build/badrelo.o", "call of extern function ebpf_map_update_elem");

    /// Fuzzer artefacts in `invalid/` that are well-formed objects: libFuzzer keeps inputs that
    /// made the *verifier* time out (`timeout-*`), and this one is a valid object of 36 programs.
    private static final String FUZZ_TIMEOUT_PREFIX = "timeout-";

    private static final Map<String, String> OUTCOMES = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> everyCorpusObject() {
        Path corpus = TestData.corpus();
        return TestData.objects(corpus).stream().map(p -> {
            String rel = corpus.relativize(p).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(rel, () -> check(rel, p));
        });
    }

    private static void check(String rel, Path p) {
        String name = p.getFileName().toString();
        boolean invalid = rel.startsWith("invalid/") && !name.startsWith(FUZZ_TIMEOUT_PREFIX);
        Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> load(p));
        if (outcome instanceof CollectionSpec spec) {
            record(rel, "loaded");
            assertFalse(invalid, rel + ": malformed object was loaded");
            assertFalse(EXPECTED_REFUSALS.containsKey(rel), rel + ": expected a refusal, but it loads now");
            assertFalse(spec.programs().isEmpty(), rel + ": no programs");
            return;
        }
        RuntimeException e = (RuntimeException) outcome;
        record(rel, "refused: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(name + ": "), "message does not name the object: " + e.getMessage());
        assertTrue(e.getMessage().length() > name.length() + 10, "message says nothing: " + e.getMessage());
        if (!invalid) {
            String why = EXPECTED_REFUSALS.get(rel);
            if (why == null || !e.getMessage().contains(why)) {
                fail(rel + ": unexpected refusal: " + e.getMessage(), e);
            }
        }
    }

    private static Object load(Path p) {
        try {
            return ElfObjectReader.read(p);
        } catch (ElfFormatException | NotSupportedException e) {
            return e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static synchronized void record(String rel, String outcome) {
        OUTCOMES.put(rel, outcome);
    }

    @AfterAll
    static void summary() {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        long loaded = OUTCOMES.values().stream().filter(o -> o.equals("loaded")).count();
        long wellFormedLoaded = OUTCOMES.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("invalid/") && e.getValue().equals("loaded")).count();
        List<String> refused = new ArrayList<>();
        OUTCOMES.forEach((k, v) -> {
            if (!v.equals("loaded")) {
                refused.add(k + " -> " + v);
            }
        });
        System.out.println("corpus: " + OUTCOMES.size() + " objects, " + loaded + " loaded, " + refused.size()
                + " refused");
        refused.forEach(r -> System.out.println("  " + r));
        long outsideInvalid = OUTCOMES.keySet().stream().filter(k -> !k.startsWith("invalid/")).count();
        assertTrue(wellFormedLoaded >= outsideInvalid - EXPECTED_REFUSALS.size(),
                "only " + wellFormedLoaded + " of " + outsideInvalid + " well-formed objects load");
    }

    @Test
    void theCorpusIsNotEmpty() {
        Path corpus = TestData.corpus();
        assertTrue(TestData.objects(corpus).size() > 100, "expected the whole corpus under " + corpus);
    }
}
