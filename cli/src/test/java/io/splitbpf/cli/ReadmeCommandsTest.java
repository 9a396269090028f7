package io.splitbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// Every `bin/ebpf …` command README shows exists: its subcommand words (with `a|b|c`
/// alternatives) take `--help`. The launchers it names exist in `bin/`.
class ReadmeCommandsTest {
    @TestFactory
    Stream<DynamicTest> readmeCommandsExist() throws IOException {
        Path root = TestPaths.root();
        Set<List<String>> commands = new LinkedHashSet<>();
        Set<String> launchers = new LinkedHashSet<>();
        for (String line : Files.readAllLines(root.resolve("README.md"))) {
            String l = line.strip();
            if (l.startsWith("bin/")) {
                launchers.add(l.split("\\s+")[0]);
            }
            if (l.startsWith("bin/ebpf ")) {
                commands.addAll(expand(l.substring("bin/ebpf ".length()).split("\\s+")));
            }
        }
        assertTrue(commands.size() > 20, "README shows few commands: " + commands);
        Stream<DynamicTest> launcherTests = launchers.stream().map(b -> DynamicTest.dynamicTest(b,
                () -> assertTrue(Files.isExecutable(root.resolve(b)), b + " is not an executable launcher")));
        Stream<DynamicTest> commandTests = commands.stream().map(c -> DynamicTest.dynamicTest("ebpf " + String.join(" ", c),
                () -> {
                    List<String> args = new ArrayList<>(c);
                    args.add("--help");
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    int code = EbpfCommand.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
                    assertEquals(0, code, "ebpf " + String.join(" ", args) + ": " + err);
                    assertTrue(out.toString().startsWith("Usage: ebpf "), out.toString());
                }));
        return Stream.concat(launcherTests, commandTests);
    }

    /// The command words at the start of `words` (lower-case words and `a|b` alternatives), each
    /// alternative giving its own command.
    private static List<List<String>> expand(String[] words) {
        List<List<String>> prefixes = new ArrayList<>(List.of(List.of()));
        for (String w : words) {
            if (!w.matches("[a-z][a-z-]*(\\|[a-z][a-z-]*)*") || w.equals("id")) {
                break;
            }
            List<List<String>> next = new ArrayList<>();
            for (List<String> p : prefixes) {
                for (String alternative : w.split("\\|")) {
                    List<String> longer = new ArrayList<>(p);
                    longer.add(alternative);
                    next.add(longer);
                }
            }
            prefixes = next;
        }
        return prefixes.stream().filter(p -> !p.isEmpty()).toList();
    }
}
