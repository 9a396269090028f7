package io.splitbpf.core.insn;

/// Return `r0` from the current function (from the program, in the outermost frame).
public record Exit() implements Insn {}
