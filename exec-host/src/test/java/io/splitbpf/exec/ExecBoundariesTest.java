package io.splitbpf.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/// The host's dependency rules (STYLE §6.1) as a test: it trusts signatures, so nothing of it
/// imports the verifier; the Thrift runtime is used only by the daemon (generated structs of
/// `core.thrift` are data); release code never names the interpreter.
class ExecBoundariesTest {
    static final Path SOURCES = Path.of("src/main/java");

    static List<Path> sourcesContaining(String text, Path except) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> except == null || !p.startsWith(except))
                    .filter(p -> read(p).contains(text))
                    .toList();
        }
    }

    @Test
    void theHostNeverImportsTheVerifier() throws IOException {
        assertEquals(List.of(), sourcesContaining("io.splitbpf.verifier", null));
        assertFalse(read(Path.of("pom.xml")).contains("<artifactId>verifier-service</artifactId>"));
    }

    @Test
    void onlyTheDaemonUsesTheThriftRuntime() throws IOException {
        assertEquals(List.of(), sourcesContaining("org.apache.thrift", SOURCES.resolve("io/splitbpf/exec/daemon")));
    }

    @Test
    void releaseCodeNeverNamesTheInterpreterClass() throws IOException {
        assertEquals(List.of(), sourcesContaining("import io.splitbpf.exec.interp", null));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
