package io.splitbpf.exec.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.testsupport.TestPaths;
import java.nio.file.Path;
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

    private static Stream<DynamicNode> suite(String folder, boolean recursive, boolean skipsAllowed) {
        Path dir = TestPaths.requireShared(folder);
        List<Path> files = ConformanceRunner.expand(List.of(dir), recursive);
        return engines().stream().map(engine -> {
            ConformanceRunner runner = new ConformanceRunner(engine, LIMIT);
            return DynamicContainer.dynamicContainer(engine.name(), files.stream().map(f ->
                    DynamicTest.dynamicTest(dir.relativize(f).toString(), f.toUri(), () -> {
                        CaseResult r = runner.run(f);
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

    @TestFactory
    Stream<DynamicNode> bpfConformanceNegative() {
        return suite("conformance/bpf_conformance/negative", false, false);
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
