package io.splitbpf.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/// Bouncy Castle is imported only in `io.splitbpf.certs.internal.bc` (STYLE §6.1), and the
/// module exports only the `ca`, `sign` and `state` packages.
class BouncyCastleConfinementTest {
    static final Path SOURCES = Path.of("src/main/java");

    @Test
    void onlyInternalBcImportsBouncyCastle() throws IOException {
        Path allowed = SOURCES.resolve("io/splitbpf/certs/internal/bc");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offenders = files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(allowed))
                    .filter(p -> read(p).contains("org.bouncycastle"))
                    .filter(p -> !p.endsWith("module-info.java"))
                    .toList();
        }
        assertEquals(List.of(), offenders);
        try (Stream<Path> files = Files.walk(allowed)) {
            assertFalse(files.toList().isEmpty());
        }
    }

    @Test
    void exportsOnlyCaSignAndState() {
        List<String> exports = read(SOURCES.resolve("module-info.java")).lines()
                .map(String::strip).filter(l -> l.startsWith("exports")).toList();
        assertEquals(List.of("exports io.splitbpf.certs.ca;", "exports io.splitbpf.certs.sign;",
                "exports io.splitbpf.certs.state;"), exports);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
