package io.splitbpf.core.isa;

/// The byte-swap family (op bits 0xd0): convert to little or big endian (ALU class, source bit
/// K or X), or swap unconditionally (ALU64 class, `bswap`, RFC 9669 v4).
public enum EndianOp {
    LE("le"), BE("be"), SWAP("bswap");

    private final String mnemonic;

    EndianOp(String mnemonic) {
        this.mnemonic = mnemonic;
    }

    /// The mnemonic without the bit count: `le`, `be`, `bswap`.
    public String mnemonic() {
        return mnemonic;
    }
}
