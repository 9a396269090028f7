package io.splitbpf.core.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/// Where the tests find objects: the shared corpus (`-Dsplitbpf.shared`, which surefire sets;
/// default `../shared` beside the repository) and the project's samples (`samples/` under
/// `-Dsplitbpf.root`). A missing folder skips the test with a reason, except under `CI=true`,
/// where it fails.
final class TestData {
    private TestData() {}

    static Path repoRoot() {
        return io.splitbpf.testsupport.TestPaths.root();
    }

    static Path sharedFolder() {
        return io.splitbpf.testsupport.TestPaths.shared();
    }

    /// The corpus folder, or the test is skipped (failed under CI).
    static Path corpus() {
        return require(sharedFolder().resolve("corpus"), "shared corpus");
    }

    /// The samples folder, or the test is skipped (failed under CI).
    static Path samples() {
        return require(repoRoot().resolve("samples"), "samples");
    }

    private static Path require(Path dir, String what) {
        return io.splitbpf.testsupport.TestPaths.require(dir, what + " folder");
    }

    /// Every `*.o` under `dir`, plus every file under `dir/invalid` (fuzzer artefacts have no
    /// extension), sorted.
    static List<Path> objects(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".o") || dir.relativize(p).startsWith("invalid"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /// A few corpus objects, for tests that want real inputs but not all of them.
    static Optional<Path> corpusObject(String relative) {
        Path p = sharedFolder().resolve("corpus").resolve(relative);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
