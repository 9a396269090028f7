package io.splitbpf.core.isa;

/// The operand width of an arithmetic or jump instruction: ALU/JMP32 work on the low 32 bits,
/// ALU64/JMP on all 64.
public enum Width {
    W32, W64;

    /// The suffix the `.data` dialect puts after 32-bit mnemonics ("" for 64-bit).
    public String dataSuffix() {
        return this == W32 ? "32" : "";
    }
}
