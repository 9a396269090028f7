package io.splitbpf.core.spec;

import java.util.Objects;

/// A function of a linked program: the program's own entry (pc 0) or a subprogram appended
/// after it, with the pc where it starts.
public record FunctionInfo(String name, int pc) {
    public FunctionInfo {
        Objects.requireNonNull(name, "name");
        if (pc < 0) {
            throw new IllegalArgumentException("negative pc " + pc);
        }
    }
}
