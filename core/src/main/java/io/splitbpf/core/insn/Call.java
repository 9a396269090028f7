package io.splitbpf.core.insn;

/// A call of helper `helperId` (Linux's numbering).
public record Call(int helperId) implements Insn {}
