package io.splitbpf.core.isa;

/// The source bit of an arithmetic or jump opcode.
///
/// ```
///   +------+---+-----+
///   | op 4 | s | cls |   s = (opcode >> 3) & 1
///   +------+---+-----+
/// ```
/// K takes the 32-bit immediate, X the source register. For the byte-swap family the same bit
/// selects the target byte order (K: little endian, X: big endian).
public enum Source {
    K(0x00), X(0x08);

    private final int code;

    Source(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Source of(int opcode) {
        return (opcode & 0x08) == 0 ? K : X;
    }
}
