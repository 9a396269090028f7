package io.splitbpf.core.isa;

import java.util.HexFormat;

/// One 8-byte instruction slot exactly as it is on the wire (little endian):
///
/// ```
///   byte 0     byte 1            bytes 2-3       bytes 4-7
///   +--------+--------+--------+----------------+--------------------------------+
///   | opcode | src 4  | dst 4  | offset (s16)   | imm (s32)                      |
///   +--------+--------+--------+----------------+--------------------------------+
/// ```
/// Lossless: `of(bytes).toBytes()` returns the same bytes. Register fields keep all four bits,
/// so encodings with registers 11–15 can be represented (and refused when decoded).
public record RawInsn(int opcode, int dst, int src, short offset, int imm) {
    /// The size of one slot in bytes.
    public static final int SIZE = 8;

    public RawInsn {
        if (opcode < 0 || opcode > 0xff) {
            throw new IllegalArgumentException("opcode out of range: " + opcode);
        }
        if (dst < 0 || dst > 0xf || src < 0 || src > 0xf) {
            throw new IllegalArgumentException("register field out of range: dst " + dst + ", src " + src);
        }
    }

    /// Reads the slot at `offset` of `bytes` (little endian).
    public static RawInsn of(byte[] bytes, int offset) {
        if (offset < 0 || offset + SIZE > bytes.length) {
            throw new IllegalArgumentException("no 8-byte slot at offset " + offset + " of " + bytes.length + " bytes");
        }
        int regs = bytes[offset + 1] & 0xff;
        short off = (short) ((bytes[offset + 2] & 0xff) | (bytes[offset + 3] & 0xff) << 8);
        int imm = (bytes[offset + 4] & 0xff) | (bytes[offset + 5] & 0xff) << 8
                | (bytes[offset + 6] & 0xff) << 16 | (bytes[offset + 7] & 0xff) << 24;
        return new RawInsn(bytes[offset] & 0xff, regs & 0xf, regs >>> 4, off, imm);
    }

    /// Reads one 64-bit instruction word as `-- raw` sections write it: the opcode is the least
    /// significant byte.
    public static RawInsn ofWord(long word) {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            b[i] = (byte) (word >>> (8 * i));
        }
        return of(b, 0);
    }

    /// Writes this slot at `offset` of `out`.
    public void writeTo(byte[] out, int offset) {
        out[offset] = (byte) opcode;
        out[offset + 1] = (byte) (src << 4 | dst);
        out[offset + 2] = (byte) offset();
        out[offset + 3] = (byte) (offset() >> 8);
        out[offset + 4] = (byte) imm;
        out[offset + 5] = (byte) (imm >> 8);
        out[offset + 6] = (byte) (imm >> 16);
        out[offset + 7] = (byte) (imm >> 24);
    }

    /// The 8 bytes of this slot.
    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        writeTo(b, 0);
        return b;
    }

    /// The class of the opcode.
    public InsnClass insnClass() {
        return InsnClass.of(opcode);
    }

    /// The slot's bytes in hex, separated by spaces (`b7 00 00 00 01 00 00 00`), as errors quote them.
    public String hex() {
        return HexFormat.ofDelimiter(" ").formatHex(toBytes());
    }

    /// The same slot with another immediate (used by relocations).
    public RawInsn withImm(int newImm) {
        return new RawInsn(opcode, dst, src, offset, newImm);
    }

    /// The same slot with another source register field (used by relocations).
    public RawInsn withSrc(int newSrc) {
        return new RawInsn(opcode, dst, newSrc, offset, imm);
    }
}
