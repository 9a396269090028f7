package io.splitbpf.core.asm;

import io.splitbpf.core.BpfFormatException;
import java.util.Objects;
import java.util.Optional;

/// Assembler text that cannot be read. Carries where (source, 1-based line and column), the
/// offending text and what was expected there:
/// `line 3, column 9: expected a register, found '%r11'`.
public final class AsmSyntaxException extends BpfFormatException {
    private final Optional<String> source;
    private final int line;
    private final int column;
    private final String found;
    private final String expected;

    public AsmSyntaxException(Optional<String> source, int line, int column, String found, String expected) {
        super(format(source, line, column, found, expected));
        this.source = Objects.requireNonNull(source, "source");
        this.line = line;
        this.column = column;
        this.found = Objects.requireNonNull(found, "found");
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    public AsmSyntaxException(int line, int column, String found, String expected) {
        this(Optional.empty(), line, column, found, expected);
    }

    private static String format(Optional<String> source, int line, int column, String found, String expected) {
        String where = source.map(s -> s + ": ").orElse("") + "line " + line + ", column " + column + ": ";
        if (expected.startsWith("expected ")) {
            return where + expected + ", found " + (found.isEmpty() ? "end of line" : "'" + found + "'");
        }
        return where + expected + (found.isEmpty() ? "" : " ('" + found + "')");
    }

    /// The same error, placed in `source` with its line moved down by `lineOffset` (for text
    /// taken from a section of a larger file).
    public AsmSyntaxException relocate(String newSource, int lineOffset) {
        return new AsmSyntaxException(Optional.of(newSource), line + lineOffset, column, found, expected);
    }

    /// The file or section the text came from, when known.
    public Optional<String> source() {
        return source;
    }

    /// The 1-based line.
    public int line() {
        return line;
    }

    /// The 1-based column where the offending text starts.
    public int column() {
        return column;
    }

    /// The offending text (empty at the end of a line).
    public String found() {
        return found;
    }

    /// What was expected, or what is wrong (`expected a register`, `unknown label`).
    public String expected() {
        return expected;
    }
}
