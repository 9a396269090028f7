package io.splitbpf.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Golden-file comparison with normalised newlines. Run the tests with
/// `-Dgolden.update=true` to rewrite the files, then review the diff like code.
public final class Golden {
    private Golden() {}

    /// Asserts that `actual` equals the content of `file`; rewrites the file first when
    /// `golden.update` is set.
    public static void assertMatches(Path file, String actual) {
        String normalised = actual.replace("\r\n", "\n");
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, normalised);
            }
            String expected = Files.exists(file) ? Files.readString(file).replace("\r\n", "\n")
                    : "(missing golden file " + file + "; run with -Dgolden.update=true)";
            assertEquals(expected, normalised, "golden " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
