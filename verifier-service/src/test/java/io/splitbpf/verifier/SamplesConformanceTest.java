package io.splitbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/// The samples' expected verdicts (`samples/inventory.json`): every `pass` program is
/// accepted, every `reject` program rejected. `reject_load` objects are the loader's business.
class SamplesConformanceTest {
    private record Expected(String object, String program, String verdict) {}

    /// The inventory's `programs` array, read with SnakeYAML (JSON is YAML).
    @SuppressWarnings("unchecked")
    private static List<Expected> inventory() throws IOException {
        String json = Files.readString(TestPaths.requireInRoot("samples").resolve("inventory.json"));
        Map<String, Object> root = new Yaml().load(json);
        List<Expected> out = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) root.get("programs")) {
            out.add(new Expected((String) p.get("object"), (String) p.get("program"), (String) p.get("verdict")));
        }
        return out;
    }

    /// Programs we do not yet verify as the inventory expects, with the reason; each is
    /// asserted to still differ, so that a fix shows up as a failure asking to drop the entry.
    private static final Map<String, String> KNOWN = Map.of();

    @org.junit.jupiter.api.Test
    void inventoryIsRead() throws IOException {
        assertEquals(31, inventory().size());
    }

    @TestFactory
    Stream<DynamicTest> samples() throws IOException {
        List<Expected> all = inventory();
        return all.stream().filter(e -> !e.verdict().equals("reject_load")).map(e ->
                DynamicTest.dynamicTest(e.object() + "/" + e.program() + " " + e.verdict(), () -> {
                    Path obj = TestPaths.requireInRoot("samples").resolve(e.object());
                    CollectionSpec c = ElfObjectReader.read(obj);
                    ProgramSpec p = c.program(e.program()).orElseThrow();
                    VerificationReport r = Verifier.verify(c, p, VerifierOptions.defaults());
                    Verdict want = e.verdict().equals("pass") ? Verdict.ACCEPTED : Verdict.REJECTED;
                    String known = KNOWN.get(e.object() + "/" + e.program());
                    if (known != null) {
                        assertNotEquals(want, r.verdict(), "now verified as expected, drop it from KNOWN: " + known);
                    } else {
                        assertEquals(want, r.verdict(), r.summary());
                    }
                }));
    }
}
