package io.splitbpf.core.isa;

/// The source operand of an arithmetic, jump or store instruction: a register or an immediate.
public sealed interface Operand permits Reg, Imm {}
