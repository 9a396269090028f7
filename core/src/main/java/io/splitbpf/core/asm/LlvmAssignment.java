package io.splitbpf.core.asm;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.EndianOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;

/// The right-hand sides of `dst = …` in the LLVM / kernel dialect: moves, negation, loads,
/// sign-extending moves, byte swaps, fetching atomics, `lddw` constants and map references.
final class LlvmAssignment {
    private LlvmAssignment() {}

    record PointerType(MemSize size, boolean signed) {}

    record Mem(Reg base, short offset) {}

    static Insn parse(LineCursor c, Reg dst, Width width, int opcode, MapNames maps) {
        int start = c.pos();
        if (c.accept("-")) {
            if (c.peekLlvmRegister()) {
                return negation(c, dst, width);
            }
            c.reset(start);
        }
        if (c.peek() == '*') {
            return load(c, dst);
        }
        if (c.peek() == '(') {
            return signExtendingMove(c, dst, width);
        }
        if (c.peekNumber()) {
            return constant(c, dst, width, opcode);
        }
        if (c.peekLlvmRegister()) {
            return new Alu(AluOp.MOV, width, dst, c.llvmRegister());
        }
        int at = c.pos();
        String word = c.identifier("a register, an immediate or an expression");
        Insn insn = named(c, at, word, dst, maps);
        c.acceptWord("ll");
        return insn;
    }

    private static Insn negation(LineCursor c, Reg dst, Width width) {
        int at = c.pos();
        if (c.llvmRegister() != dst) {
            throw c.errorAt(at, "neg takes its destination as operand (rN = -rN)");
        }
        return new Alu(AluOp.NEG, width, dst, new Imm(0));
    }

    /// `*(u32 *)(r1 + 4)`, `*(s8 *)(r1 - 4)`, `*(u8 *)skb[12]`, `*(u16 *)skb[r1 + 12]`.
    private static Insn load(LineCursor c, Reg dst) {
        PointerType t = pointerType(c, true);
        if (c.accept("skb")) {
            return packetLoad(c, dst, t);
        }
        Mem m = mem(c);
        return new Load(t.size(), t.signed(), dst, m.base(), m.offset());
    }

    private static Insn packetLoad(LineCursor c, Reg dst, PointerType t) {
        int at = c.pos();
        if (dst != Reg.R0 || t.signed() || t.size() == MemSize.DW) {
            throw c.errorAt(at, "legacy packet loads write r0 with u8, u16 or u32");
        }
        c.expect("[", "'['");
        if (c.peekLlvmRegister()) {
            Reg index = c.llvmRegister();
            int imm = 0;
            if (c.accept("+")) {
                imm = c.imm32("an immediate");
            } else if (c.peek() == '-') {
                imm = c.imm32("an immediate");
            }
            c.expect("]", "']'");
            return new PacketLoad(t.size(), true, index, imm);
        }
        int imm = c.imm32("an immediate");
        c.expect("]", "']'");
        return new PacketLoad(t.size(), false, Reg.R0, imm);
    }

    /// `(s8)r2`, `(s16)w2`, `(s32)r2`.
    private static Insn signExtendingMove(LineCursor c, Reg dst, Width width) {
        c.expect("(", "'('");
        int at = c.pos();
        String type = c.identifier("s8, s16 or s32");
        AluOp op = switch (type) {
            case "s8" -> AluOp.MOVSX8;
            case "s16" -> AluOp.MOVSX16;
            case "s32" -> AluOp.MOVSX32;
            default -> throw c.errorAt(at, "expected s8, s16 or s32");
        };
        c.expect(")", "')'");
        return new Alu(op, width, dst, c.llvmRegister());
    }

    /// `5` (mov), `0x1234567890 ll` (lddw); a listing's opcode `(18)` also means lddw.
    private static Insn constant(LineCursor c, Reg dst, Width width, int opcode) {
        int save = c.pos();
        long value = c.imm64("an immediate");
        if (c.acceptWord("ll") || opcode == 0x18) {
            if (width == Width.W32) {
                throw c.errorAt(save, "a 64-bit constant needs a 64-bit register");
            }
            return LoadImm64.of(dst, value);
        }
        c.reset(save);
        return new Alu(AluOp.MOV, width, dst, new Imm(c.imm32("an immediate")));
    }

    private static Insn named(LineCursor c, int at, String word, Reg dst, MapNames maps) {
        if (word.startsWith("be") || word.startsWith("le") || word.startsWith("bswap")) {
            return endian(c, at, word, dst);
        }
        if (word.contains("xchg") || word.startsWith("atomic")) {
            return LlvmAtomics.fetching(c, at, word, dst);
        }
        return LlvmPseudo.parse(c, at, word, dst, maps);
    }

    private static Insn endian(LineCursor c, int at, String word, Reg dst) {
        EndianOp op = word.startsWith("be") ? EndianOp.BE : word.startsWith("le") ? EndianOp.LE : EndianOp.SWAP;
        String bits = word.substring(op == EndianOp.SWAP ? 5 : 2);
        if (!bits.equals("16") && !bits.equals("32") && !bits.equals("64")) {
            throw c.errorAt(at, "expected be16/32/64, le16/32/64 or bswap16/32/64");
        }
        int regAt = c.pos();
        if (c.llvmRegister() != dst) {
            throw c.errorAt(regAt, "a byte swap takes its destination as operand (rN = be16 rN)");
        }
        return new Endian(op, Integer.parseInt(bits), dst);
    }

    /// `*(uN *)` or `(uN *)` (with `allowSigned`, also `sN`).
    static PointerType pointerType(LineCursor c, boolean allowSigned) {
        c.accept("*");
        c.expect("(", "'(' of a pointer type");
        int at = c.pos();
        String type = c.identifier("a pointer type (u8, u16, u32, u64)");
        MemSize size = switch (type.substring(1)) {
            case "8" -> MemSize.B;
            case "16" -> MemSize.H;
            case "32" -> MemSize.W;
            case "64" -> MemSize.DW;
            default -> throw c.errorAt(at, "expected a pointer type (u8, u16, u32, u64)");
        };
        boolean signed = type.charAt(0) == 's';
        if (!(type.charAt(0) == 'u' || (signed && allowSigned && size != MemSize.DW))) {
            throw c.errorAt(at, "expected a pointer type (u8, u16, u32, u64)");
        }
        c.expect("*", "'*'");
        c.expect(")", "')'");
        return new PointerType(size, signed);
    }

    /// `(rB + off)`, `(rB +off)`, `(rB - off)`, `(rB)`.
    static Mem mem(LineCursor c) {
        c.expect("(", "'(' of an address");
        Mem m = address(c);
        c.expect(")", "')'");
        return m;
    }

    /// `rB + off` without parentheses (LLVM's `xchg_64(r10 - 8, r1)`).
    static Mem address(LineCursor c) {
        Reg base = c.llvmRegister();
        short off = 0;
        if (c.peek() == '+' || c.peek() == '-') {
            off = c.offset16(true);
        }
        return new Mem(base, off);
    }

    static AtomicOp atomicOp(LineCursor c, int at, String name) {
        for (AtomicOp op : AtomicOp.values()) {
            if (op.mnemonic().equals(name)) {
                return op;
            }
        }
        throw c.errorAt(at, "unknown atomic operation");
    }

}
