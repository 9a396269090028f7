package io.splitbpf.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.splitbpf.testsupport.TestPaths;
import io.splitbpf.verifier.VerifierOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The manifest runner: CSV fields, the closing line's exact format, and one program in
/// each bucket of a small manifest (`src/test/resources/verify/manifest.csv`, objects
/// relative to its folder).
class ManifestTest {
    private static final Path MANIFEST = Path.of("src/test/resources/verify/manifest.csv");

    @Test
    void csvFields() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), Csv.fields("a,\"b, c\",\"say \"\"hi\"\"\","));
    }

    @Test
    void closingLineOfTheSmallManifest() throws IOException {
        TestPaths.requireInRoot("samples");
        List<Manifest.Row> rows = Manifest.read(MANIFEST);
        assertEquals(6, rows.size());
        assertEquals("7: Possible null access (valid_access(r0.offset, width=8) for read)", rows.get(1).prevailFirstError());
        List<Manifest.Result> results = Manifest.run(MANIFEST.toAbsolutePath().getParent(), rows,
                VerifierOptions.defaults());
        Manifest.Agreement a = Manifest.Agreement.of(results);
        assertEquals("agreement: 3 same, 1 accepted where PREVAIL rejected, 1 rejected where PREVAIL accepted, "
                + "1 load errors", a.closingLine());
        assertEquals(List.of(Manifest.Outcome.ACCEPTED, Manifest.Outcome.REJECTED, Manifest.Outcome.REJECTED,
                Manifest.Outcome.ACCEPTED, Manifest.Outcome.LOAD_ERROR, Manifest.Outcome.LOAD_ERROR),
                results.stream().map(Manifest.Result::ours).toList());
    }

    @Test
    void malformedManifestsNameTheProblem(@TempDir Path dir) throws IOException {
        Path noColumn = Files.writeString(dir.resolve("a.csv"), "file,section,function\nx.o,xdp,f\n");
        assertEquals(noColumn + ": no column 'prevail_verdict' in the header",
                assertThrows(IllegalArgumentException.class, () -> Manifest.read(noColumn)).getMessage());
        Path badVerdict = Files.writeString(dir.resolve("b.csv"), "file,section,function,prevail_verdict\nx.o,xdp,f,MAYBE\n");
        assertEquals(badVerdict + ": line 2: unknown prevail_verdict 'MAYBE' (expected PASS, FAIL or LOAD_ERROR)",
                assertThrows(IllegalArgumentException.class, () -> Manifest.read(badVerdict)).getMessage());
    }
}
