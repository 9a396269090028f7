package io.splitbpf.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.conformance.SharedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/// Every `code:` block of PREVAIL's YAML cases in `shared/verifier-cases` assembles in the
/// LLVM dialect, except lines that have no RFC 9669 encoding: PREVAIL's `assume`
/// pseudo-instruction, its negated jset `&!=`, and a 32-bit `movsx` from 32 bits
/// (`w2 s32= r2`). Lists whatever else does not parse.
class VerifierCasesAssemblyTest {
    record Case(String file, String name, String code) {}

    private static final Pattern TEST_CASE = Pattern.compile("^test-case:\\s*(.*)$");
    private static final Pattern BLOCK_LABEL = Pattern.compile("^  (<[^>]+>):\\s*\\|?\\s*$");

    @Test
    void everyCodeBlockAssembles() throws IOException {
        List<Case> cases = cases(SharedFolder.require("verifier-cases"));
        assertTrue(cases.size() >= 400, "found " + cases.size() + " cases");
        List<String> failures = new ArrayList<>();
        Set<String> notEbpf = new TreeSet<>();
        for (Case c : cases) {
            try {
                Assembler.of(Dialect.LLVM).assemble(c.code());
            } catch (AsmSyntaxException e) {
                String where = c.file() + " '" + c.name() + "': " + e.getMessage();
                if (e.found().equals("assume") || e.found().equals("&!=") || e.expected().startsWith("movsx32 exists")) {
                    notEbpf.add(where);
                } else {
                    failures.add(where);
                }
            }
        }
        System.out.println(cases.size() + " verifier cases, " + notEbpf.size() + " use non-eBPF pseudo-instructions");
        assertEquals(List.of(), failures, "code blocks that do not assemble");
    }

    static List<Case> cases(Path dir) throws IOException {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (!f.getFileName().toString().equals("test-schema.yaml")) {
                    out.addAll(parse(f.getFileName().toString(), Files.readAllLines(f)));
                }
            }
        }
        return out;
    }

    /// A small reader for the `code:` mapping of PREVAIL's YAML (block scalars under `<label>:`
    /// keys); the YAML files use no other shape there.
    static List<Case> parse(String file, List<String> lines) {
        List<Case> out = new ArrayList<>();
        String name = "";
        StringBuilder code = null;
        for (String line : lines) {
            Matcher tc = TEST_CASE.matcher(line);
            if (tc.matches()) {
                name = tc.group(1);
            }
            if (line.startsWith("code:")) {
                code = new StringBuilder();
                continue;
            }
            if (code == null) {
                continue;
            }
            if (!line.isEmpty() && !line.startsWith(" ")) {
                out.add(new Case(file, name, code.toString()));
                code = null;
                continue;
            }
            Matcher label = BLOCK_LABEL.matcher(line);
            if (label.matches()) {
                code.append(label.group(1)).append(":\n");
            } else {
                code.append(line.strip()).append('\n');
            }
        }
        if (code != null) {
            out.add(new Case(file, name, code.toString()));
        }
        return out;
    }
}
