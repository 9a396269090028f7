package io.splitbpf.core.isa;

/// The arithmetic operations of the ALU and ALU64 classes.
///
/// ```
///   +------+---+-----+
///   | op 4 | s | cls |   op = opcode & 0xf0; the offset field tells signed from unsigned
///   +------+---+-----+   division (0/1) and plain from sign-extending moves (0/8/16/32)
/// ```
public enum AluOp {
    ADD(0x00, 0, "add", "+="),
    SUB(0x10, 0, "sub", "-="),
    MUL(0x20, 0, "mul", "*="),
    DIV(0x30, 0, "div", "/="),
    SDIV(0x30, 1, "sdiv", "s/="),
    OR(0x40, 0, "or", "|="),
    AND(0x50, 0, "and", "&="),
    LSH(0x60, 0, "lsh", "<<="),
    RSH(0x70, 0, "rsh", ">>="),
    NEG(0x80, 0, "neg", "= -"),
    MOD(0x90, 0, "mod", "%="),
    SMOD(0x90, 1, "smod", "s%="),
    XOR(0xa0, 0, "xor", "^="),
    MOV(0xb0, 0, "mov", "="),
    MOVSX8(0xb0, 8, "movsx8", "= (s8)"),
    MOVSX16(0xb0, 16, "movsx16", "= (s16)"),
    MOVSX32(0xb0, 32, "movsx32", "= (s32)"),
    ARSH(0xc0, 0, "arsh", "s>>=");

    private final int code;
    private final int offset;
    private final String mnemonic;
    private final String operator;

    AluOp(int code, int offset, String mnemonic, String operator) {
        this.code = code;
        this.offset = offset;
        this.mnemonic = mnemonic;
        this.operator = operator;
    }

    /// The four op bits (already shifted: 0x00 … 0xc0).
    public int code() {
        return code;
    }

    /// The value the offset field carries for this operation.
    public int offset() {
        return offset;
    }

    /// The `.data` dialect's mnemonic, without the width suffix.
    public String mnemonic() {
        return mnemonic;
    }

    /// The LLVM dialect's operator (`+=`, `s/=`, `= (s8)` …).
    public String operator() {
        return operator;
    }

    public boolean isDivision() {
        return this == DIV || this == SDIV || this == MOD || this == SMOD;
    }

    public boolean isShift() {
        return this == LSH || this == RSH || this == ARSH;
    }

    public boolean isMovSx() {
        return this == MOVSX8 || this == MOVSX16 || this == MOVSX32;
    }

    /// The operation encoded by op bits and offset, or null when that pair is not valid.
    public static AluOp decode(int opBits, int offset) {
        for (AluOp op : values()) {
            if (op.code == opBits && op.offset == offset) {
                return op;
            }
        }
        return null;
    }
}
