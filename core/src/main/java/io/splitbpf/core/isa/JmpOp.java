package io.splitbpf.core.isa;

/// The conditions of the JMP and JMP32 classes (calls and exit are their own instructions).
///
/// ```
///   +------+---+-----+
///   | op 4 | s | cls |   op = opcode & 0xf0 (0x80 is call, 0x90 exit)
///   +------+---+-----+
/// ```
public enum JmpOp {
    JA(0x00, "ja", null),
    JEQ(0x10, "jeq", "=="),
    JGT(0x20, "jgt", ">"),
    JGE(0x30, "jge", ">="),
    JSET(0x40, "jset", "&"),
    JNE(0x50, "jne", "!="),
    JSGT(0x60, "jsgt", "s>"),
    JSGE(0x70, "jsge", "s>="),
    JLT(0xa0, "jlt", "<"),
    JLE(0xb0, "jle", "<="),
    JSLT(0xc0, "jslt", "s<"),
    JSLE(0xd0, "jsle", "s<=");

    /// The op bits of a helper, local or kfunc call.
    public static final int CALL = 0x80;
    /// The op bits of exit.
    public static final int EXIT = 0x90;

    private final int code;
    private final String mnemonic;
    private final String operator;

    JmpOp(int code, String mnemonic, String operator) {
        this.code = code;
        this.mnemonic = mnemonic;
        this.operator = operator;
    }

    public int code() {
        return code;
    }

    /// The `.data` dialect's mnemonic, without the width suffix.
    public String mnemonic() {
        return mnemonic;
    }

    /// The LLVM dialect's comparison operator (null for `ja`).
    public String operator() {
        return operator;
    }

    public boolean isSigned() {
        return this == JSGT || this == JSGE || this == JSLT || this == JSLE;
    }

    /// The condition for op bits, or null when they are call, exit or reserved.
    public static JmpOp decode(int opBits) {
        for (JmpOp op : values()) {
            if (op.code == opBits) {
                return op;
            }
        }
        return null;
    }
}
