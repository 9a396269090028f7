package io.splitbpf.core.insn;

import java.util.Objects;

/// Where an instruction came from, from BTF line info: file, line and column, and the source
/// line's text (empty when the object did not carry it).
public record SourceLoc(String file, int line, int column, String text) {
    public SourceLoc {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
    }

    /// `file:line`, the file name without its folders.
    public String shortForm() {
        int slash = file.lastIndexOf('/');
        return file.substring(slash + 1) + ":" + line;
    }
}
