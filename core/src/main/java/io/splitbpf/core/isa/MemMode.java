package io.splitbpf.core.isa;

/// The mode field of a load or store opcode.
///
/// ```
///   +------+------+-----+
///   | md 3 | sz 2 | cls |   md = opcode & 0xe0
///   +------+------+-----+
/// ```
public enum MemMode {
    IMM(0x00), ABS(0x20), IND(0x40), MEM(0x60), MEMSX(0x80), ATOMIC(0xc0);

    private final int code;

    MemMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /// The mode of an opcode byte, or null for the reserved modes 0xa0 and 0xe0.
    public static MemMode ofOrNull(int opcode) {
        int m = opcode & 0xe0;
        for (MemMode mode : values()) {
            if (mode.code == m) {
                return mode;
            }
        }
        return null;
    }
}
