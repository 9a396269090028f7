package io.splitbpf.core.isa;

/// The size field of a load or store opcode.
///
/// ```
///   +------+------+-----+
///   | md 3 | sz 2 | cls |   sz = opcode & 0x18
///   +------+------+-----+
/// ```
public enum MemSize {
    W(0x00, 4, "u32", "w"), H(0x08, 2, "u16", "h"), B(0x10, 1, "u8", "b"), DW(0x18, 8, "u64", "dw");

    private final int code;
    private final int bytes;
    private final String cType;
    private final String suffix;

    MemSize(int code, int bytes, String cType, String suffix) {
        this.code = code;
        this.bytes = bytes;
        this.cType = cType;
        this.suffix = suffix;
    }

    public int code() {
        return code;
    }

    /// The access size in bytes: 1, 2, 4 or 8.
    public int bytes() {
        return bytes;
    }

    /// The unsigned C type the LLVM dialect prints (`u8` … `u64`).
    public String cType() {
        return cType;
    }

    /// The signed C type the LLVM dialect prints for sign-extending loads (`s8` … `s32`).
    public String signedCType() {
        return "s" + cType.substring(1);
    }

    /// The mnemonic suffix of the `.data` dialect (`b`, `h`, `w`, `dw`).
    public String suffix() {
        return suffix;
    }

    public static MemSize of(int opcode) {
        return switch (opcode & 0x18) {
            case 0x00 -> W;
            case 0x08 -> H;
            case 0x10 -> B;
            default -> DW;
        };
    }

    /// The size of `bytes` bytes.
    public static MemSize ofBytes(int bytes) {
        return switch (bytes) {
            case 1 -> B;
            case 2 -> H;
            case 4 -> W;
            case 8 -> DW;
            default -> throw new IllegalArgumentException("no access size of " + bytes + " bytes");
        };
    }
}
