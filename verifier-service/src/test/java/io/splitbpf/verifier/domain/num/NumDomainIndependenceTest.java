package io.splitbpf.verifier.domain.num;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/// `domain.num` is generic (STYLE §6.1): none of its sources names `io.splitbpf.core`, nor
/// any other splitbpf package outside itself.
class NumDomainIndependenceTest {
    @Test
    void importsNothingFromCoreOrTheEbpfLayers() throws IOException {
        Path dir = TestPaths.requireInRoot("verifier-service/src/main/java/io/splitbpf/verifier/domain/num");
        List<String> offenders;
        int files;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            files = sources.size();
            offenders = sources.stream().filter(NumDomainIndependenceTest::reachesOut)
                    .map(p -> p.getFileName().toString()).toList();
        }
        assertTrue(files >= 5, "found " + files + " sources");
        assertEquals(List.of(), offenders);
    }

    private static boolean reachesOut(Path p) {
        try {
            String text = Files.readString(p);
            return text.contains("io.splitbpf.core")
                    || text.replace("io.splitbpf.verifier.domain.num", "").contains("io.splitbpf.");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
