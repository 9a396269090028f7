package io.splitbpf.exec.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// Every conformance vector through both engines, one dynamic test per file and engine:
/// bpf_conformance's 313 must pass; its `negative/` files must be refused (counted as passed);
/// uBPF's must pass or be skipped with a reason found in the file itself.
class EngineConformanceTest {
    private static final long LIMIT = 100_000_000;

    private static List<ExecutionEngine> engines() {
        return List.of(new Interpreter(), new JitCompiler());
    }

    /// Files that deliberately differ, with the reason (asserted to still differ).
    private static final Map<String, String> DIFFERENCES = differences();

    private static Map<String, String> differences() {
        Map<String, String> out = new TreeMap<>();
        try (var in = EngineConformanceTest.class.getResourceAsStream("/conformance-differences.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t", 2);
                    out.put(f[0], f[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Stream<DynamicNode> suite(String folder, boolean recursive, boolean skipsAllowed) {
        Path dir = TestPaths.requireShared(folder);
        Path conformance = TestPaths.requireShared("conformance");
        List<Path> files = ConformanceRunner.expand(List.of(dir), recursive);
        return engines().stream().map(engine -> {
            ConformanceRunner runner = new ConformanceRunner(engine, LIMIT);
            return DynamicContainer.dynamicContainer(engine.name(), files.stream().map(f ->
                    DynamicTest.dynamicTest(dir.relativize(f).toString(), f.toUri(), () -> {
                        CaseResult r = runner.run(f);
                        String difference = DIFFERENCES.get(conformance.relativize(f).toString());
                        if (difference != null) {
                            assertEquals(CaseResult.Status.FAILED, r.status(),
                                    "listed as a difference (" + difference + ") but now " + r.status() + ": update the list");
                            return;
                        }
                        if (skipsAllowed && r.status() == CaseResult.Status.SKIPPED) {
                            assertNotEquals("", r.detail(), "a skip must say why");
                            return;
                        }
                        assertEquals(CaseResult.Status.PASSED, r.status(), r.detail());
                    })));
        });
    }

    @TestFactory
    Stream<DynamicNode> bpfConformance() {
        Path dir = TestPaths.requireShared("conformance/bpf_conformance");
        assertEquals(313, ConformanceRunner.expand(List.of(dir), false).size());
        return suite("conformance/bpf_conformance", false, false);
    }

    /// The 45 `unused-*` files have a non-zero reserved field: refused at decode, counted as
    /// passed.
    @TestFactory
    Stream<DynamicNode> reservedFieldsAreRefused() {
        Path dir = TestPaths.requireShared("conformance/bpf_conformance/negative");
        List<Path> files = ConformanceRunner.expand(List.of(dir), false).stream()
                .filter(f -> f.getFileName().toString().startsWith("unused-")).toList();
        assertEquals(45, files.size());
        return engines().stream().map(engine -> {
            ConformanceRunner runner = new ConformanceRunner(engine, LIMIT);
            return DynamicContainer.dynamicContainer(engine.name(), files.stream().map(f ->
                    DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> {
                        CaseResult r = runner.run(f);
                        assertEquals(CaseResult.Status.PASSED, r.status(), r.detail());
                        assertTrue(r.detail().startsWith("refused: "), r.detail());
                    })));
        });
    }

    /// The other `negative/` files test a runner: each is broken on purpose (bad assembly, a
    /// wrong expected value, an unknown directive). The runner may pass one only by refusing
    /// it (a file that expects an assembler error); it must never run one to a passing value.
    @TestFactory
    Stream<DynamicNode> brokenVectorsAreReported() {
        Path dir = TestPaths.requireShared("conformance/bpf_conformance/negative");
        ConformanceRunner runner = new ConformanceRunner(new Interpreter(), LIMIT);
        return ConformanceRunner.expand(List.of(dir), false).stream()
                .filter(f -> !f.getFileName().toString().startsWith("unused-"))
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(), () -> {
                    CaseResult r = runner.run(f);
                    assertTrue(r.status() != CaseResult.Status.PASSED || r.detail().startsWith("refused: "), r.detail());
                    assertFalse(r.detail().isBlank());
                }));
    }

    @TestFactory
    Stream<DynamicNode> ubpf() {
        return suite("conformance/ubpf", true, true);
    }

    @TestFactory
    Stream<DynamicNode> ubpfSkipsOnlyForDirectivesWeDoNotHonour() {
        Path dir = TestPaths.requireShared("conformance/ubpf");
        ConformanceRunner runner = new ConformanceRunner(new Interpreter(), LIMIT);
        return ConformanceRunner.expand(List.of(dir), true).stream().map(f ->
                DynamicTest.dynamicTest(dir.relativize(f).toString(), () -> {
                    CaseResult r = runner.run(f);
                    if (r.status() == CaseResult.Status.SKIPPED) {
                        assertTrue(r.detail().startsWith("unsupported directive") || r.detail().startsWith("no result"),
                                r.detail());
                    }
                }));
    }
}
