package io.splitbpf.core.isa;

/// The instruction class: the low three bits of the opcode.
///
/// ```
///   +-----------+-----+
///   |  (5 bits) | cls |   cls = opcode & 0x07
///   +-----------+-----+
/// ```
public enum InsnClass {
    LD(0x00), LDX(0x01), ST(0x02), STX(0x03), ALU(0x04), JMP(0x05), JMP32(0x06), ALU64(0x07);

    private final int code;

    InsnClass(int code) {
        this.code = code;
    }

    /// The three class bits.
    public int code() {
        return code;
    }

    /// The class of an opcode byte.
    public static InsnClass of(int opcode) {
        return values()[opcode & 0x07];
    }

    /// Whether this class holds arithmetic or jump instructions (the op/source/class layout).
    public boolean isArithmeticOrJump() {
        return this == ALU || this == ALU64 || this == JMP || this == JMP32;
    }
}
