package io.splitbpf.core.isa;

/// The operations of `STX | ATOMIC` instructions, carried in the immediate.
///
/// ```
///   imm: +--------+------+-------+
///        | op 4   |  0 3 | fetch |   add 0x00, or 0x40, and 0x50, xor 0xa0,
///        +--------+------+-------+   xchg 0xe0 | fetch, cmpxchg 0xf0 | fetch
/// ```
public enum AtomicOp {
    ADD(0x00, "add", "+="), OR(0x40, "or", "|="), AND(0x50, "and", "&="), XOR(0xa0, "xor", "^="),
    XCHG(0xe0, "xchg", null), CMPXCHG(0xf0, "cmpxchg", null);

    /// The fetch flag in the immediate.
    public static final int FETCH = 0x01;

    private final int code;
    private final String mnemonic;
    private final String operator;

    AtomicOp(int code, String mnemonic, String operator) {
        this.code = code;
        this.mnemonic = mnemonic;
        this.operator = operator;
    }

    public int code() {
        return code;
    }

    public String mnemonic() {
        return mnemonic;
    }

    /// The LLVM dialect's compound operator for the arithmetic ones (null for xchg, cmpxchg).
    public String operator() {
        return operator;
    }

    /// Whether the operation always returns the old value (xchg and cmpxchg).
    public boolean alwaysFetches() {
        return this == XCHG || this == CMPXCHG;
    }

    /// The operation for an immediate, or null when the immediate is not a valid encoding.
    public static AtomicOp decode(int imm) {
        for (AtomicOp op : values()) {
            if (op.alwaysFetches()) {
                if (imm == (op.code | FETCH)) {
                    return op;
                }
            } else if (imm == op.code || imm == (op.code | FETCH)) {
                return op;
            }
        }
        return null;
    }
}
