package io.splitbpf.verifier.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// Our own verifier cases (`src/test/resources/cases/*.yaml`, see the README there): one
/// dynamic test per case, named `file: test-case`. A case passes when [CaseRunner] says it
/// matches and our messages are exactly the case's. A case listed in `imprecise.txt` is safe
/// but refused by us; it must still be refused, so that a precision gain updates the list.
class CasesConformanceTest {
    /// Fewer cases than this means a file went missing.
    private static final int LEAST_CASES = 600;

    @TestFactory
    Stream<DynamicTest> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(CasesConformanceTest.class.getResource("/cases").toURI());
        List<VerifierCase> all = VerifierCase.readAll(dir);
        assertTrue(all.size() >= LEAST_CASES, all.size() + " cases in " + dir);
        Map<String, String> imprecise = imprecise(dir.resolve("imprecise.txt"));
        Set<String> keys = all.stream().map(VerifierCase::key).collect(Collectors.toSet());
        List<String> stale = imprecise.keySet().stream().filter(k -> !keys.contains(k)).toList();
        DynamicTest listed = DynamicTest.dynamicTest("imprecise.txt names only existing cases",
                () -> assertEquals(List.of(), stale));
        return Stream.concat(Stream.of(listed), all.stream().map(c -> DynamicTest.dynamicTest(c.key(), () -> {
            CaseOutcome o = CaseRunner.run(c);
            if (imprecise.containsKey(c.key())) {
                assertTrue(!o.matched() && o.reason().startsWith("we reject"), "no longer refused: drop it from "
                        + "imprecise.txt (was: " + imprecise.get(c.key()) + "); " + o.reason());
                return;
            }
            assertTrue(o.matched(), o.reason());
            assertEquals(String.join("\n", c.messages().stream().sorted().toList()),
                    String.join("\n", o.messages().stream().sorted().toList()), "messages");
        })));
    }

    /// `file: case` to why, from `file<TAB>case<TAB>why` lines.
    private static Map<String, String> imprecise(Path list) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(list)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3 || f[2].isBlank()) {
                throw new IllegalStateException(list + ": not file<TAB>case<TAB>why: " + line);
            }
            out.put(f[0] + ": " + f[1], f[2]);
        }
        return out;
    }
}
