package io.splitbpf.core.insn;

import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.EndianOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.InsnClass;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemMode;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.RawInsn;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Source;
import io.splitbpf.core.isa.Width;
import java.util.ArrayList;
import java.util.List;

/// Converts between wire slots and decoded instructions, both ways.
///
/// Decoding is strict (RFC 9669 §5.3): a field an encoding does not use must be zero, registers
/// must be r0–r10, and an `lddw` needs its second slot. Every refusal names the slot index,
/// its bytes and the field that is wrong. `decode(encode(x))` equals `x` for every instruction.
public final class InsnCodec {
    private InsnCodec() {}

    /// Decodes a whole program.
    ///
    /// @throws InsnDecodeException at the first slot that is not a valid encoding
    public static InsnSeq decode(List<RawInsn> slots) {
        List<LabeledInsn> out = new ArrayList<>(slots.size());
        int pc = 0;
        while (pc < slots.size()) {
            RawInsn raw = slots.get(pc);
            Insn insn;
            if (raw.opcode() == 0x18) {
                if (pc + 1 >= slots.size()) {
                    throw new InsnDecodeException(pc, raw, "lddw is missing its second slot");
                }
                insn = decodeLddw(pc, raw, slots.get(pc + 1));
            } else {
                insn = decodeOne(pc, raw);
            }
            out.add(new LabeledInsn(pc, insn));
            pc += insn.slots();
        }
        return InsnSeq.of(out);
    }

    /// Decodes a program from its bytes (a multiple of 8, little endian).
    public static InsnSeq decode(byte[] code) {
        if (code.length % RawInsn.SIZE != 0) {
            throw new IllegalArgumentException("program size " + code.length + " is not a multiple of 8 bytes");
        }
        List<RawInsn> slots = new ArrayList<>(code.length / RawInsn.SIZE);
        for (int off = 0; off < code.length; off += RawInsn.SIZE) {
            slots.add(RawInsn.of(code, off));
        }
        return decode(slots);
    }

    /// Decodes `lddw` from its two slots.
    public static LoadImm64 decodeLddw(int pc, RawInsn first, RawInsn second) {
        if (first.offset() != 0) {
            throw new InsnDecodeException(pc, first, "lddw with non-zero offset " + first.offset());
        }
        if (first.src() > 6) {
            throw new InsnDecodeException(pc, first, "lddw with unknown pseudo source " + first.src());
        }
        Reg dst = reg(pc, first, first.dst(), "destination");
        if (second.opcode() != 0 || second.dst() != 0 || second.src() != 0 || second.offset() != 0) {
            throw new InsnDecodeException(pc + 1, second, "second slot of lddw must have only an immediate");
        }
        return new LoadImm64(dst, PseudoSource.of(first.src()), first.imm(), second.imm());
    }

    /// Decodes a one-slot instruction (anything but `lddw`).
    public static Insn decodeOne(int pc, RawInsn raw) {
        int op = raw.opcode();
        return switch (InsnClass.of(op)) {
            case ALU, ALU64 -> decodeAlu(pc, raw);
            case JMP, JMP32 -> decodeJump(pc, raw);
            case LD -> decodeLd(pc, raw);
            case LDX -> decodeLdx(pc, raw);
            case ST -> decodeSt(pc, raw);
            case STX -> decodeStx(pc, raw);
        };
    }

    private static Insn decodeAlu(int pc, RawInsn raw) {
        int op = raw.opcode();
        Width width = InsnClass.of(op) == InsnClass.ALU64 ? Width.W64 : Width.W32;
        Source source = Source.of(op);
        int opBits = op & 0xf0;
        Reg dst = reg(pc, raw, raw.dst(), "destination");
        if (opBits == 0xd0) {
            zero(pc, raw, raw.src(), "source register");
            zero(pc, raw, raw.offset(), "offset");
            if (raw.imm() != 16 && raw.imm() != 32 && raw.imm() != 64) {
                throw new InsnDecodeException(pc, raw, "byte swap width " + raw.imm() + " (must be 16, 32 or 64)");
            }
            EndianOp kind;
            if (width == Width.W32) {
                kind = source == Source.K ? EndianOp.LE : EndianOp.BE;
            } else if (source == Source.K) {
                kind = EndianOp.SWAP;
            } else {
                throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
            }
            return new Endian(kind, raw.imm(), dst);
        }
        AluOp aluOp = AluOp.decode(opBits, raw.offset());
        if (aluOp == null) {
            if (AluOp.decode(opBits, 0) == null) {
                throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
            }
            throw new InsnDecodeException(pc, raw, "non-zero offset " + raw.offset() + " is not valid for this opcode");
        }
        if (aluOp == AluOp.NEG) {
            if (source == Source.X) {
                throw new InsnDecodeException(pc, raw, "neg with the register source bit set");
            }
            zero(pc, raw, raw.src(), "source register");
            zero(pc, raw, raw.imm(), "immediate");
            return new Alu(aluOp, width, dst, new Imm(0));
        }
        if (aluOp.isMovSx()) {
            if (source == Source.K) {
                throw new InsnDecodeException(pc, raw, "non-zero offset " + raw.offset() + " is not valid for this opcode");
            }
            if (aluOp == AluOp.MOVSX32 && width == Width.W32) {
                throw new InsnDecodeException(pc, raw, "32-bit movsx from 32 bits is not valid");
            }
        }
        return new Alu(aluOp, width, dst, operand(pc, raw, source));
    }

    private static Insn decodeJump(int pc, RawInsn raw) {
        int op = raw.opcode();
        Width width = InsnClass.of(op) == InsnClass.JMP ? Width.W64 : Width.W32;
        Source source = Source.of(op);
        int opBits = op & 0xf0;
        if (opBits == JmpOp.CALL) {
            if (width == Width.W32) {
                throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
            }
            if (source == Source.X) {
                zero(pc, raw, raw.src(), "source register");
                zero(pc, raw, raw.offset(), "offset");
                zero(pc, raw, raw.imm(), "immediate");
                return new CallReg(reg(pc, raw, raw.dst(), "target"));
            }
            zero(pc, raw, raw.dst(), "destination register");
            return switch (raw.src()) {
                case 0 -> {
                    zero(pc, raw, raw.offset(), "offset");
                    yield new Call(raw.imm());
                }
                case 1 -> {
                    zero(pc, raw, raw.offset(), "offset");
                    yield new CallLocal(raw.imm());
                }
                case 2 -> new CallKfunc(raw.imm(), raw.offset());
                default -> throw new InsnDecodeException(pc, raw, "call with unknown source " + raw.src());
            };
        }
        if (opBits == JmpOp.EXIT) {
            if (width == Width.W32 || source == Source.X) {
                throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
            }
            zero(pc, raw, raw.dst(), "destination register");
            zero(pc, raw, raw.src(), "source register");
            zero(pc, raw, raw.offset(), "offset");
            zero(pc, raw, raw.imm(), "immediate");
            return new Exit();
        }
        JmpOp jmpOp = JmpOp.decode(opBits);
        if (jmpOp == null) {
            throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
        }
        if (jmpOp == JmpOp.JA) {
            if (source == Source.X) {
                throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
            }
            zero(pc, raw, raw.dst(), "destination register");
            zero(pc, raw, raw.src(), "source register");
            if (width == Width.W32) {
                zero(pc, raw, raw.offset(), "offset");
                return new Jump(JmpOp.JA, Width.W32, Reg.R0, new Imm(0), raw.imm());
            }
            zero(pc, raw, raw.imm(), "immediate");
            return Jump.ja(raw.offset());
        }
        Reg dst = reg(pc, raw, raw.dst(), "destination");
        return new Jump(jmpOp, width, dst, operand(pc, raw, source), raw.offset());
    }

    private static Insn decodeLd(int pc, RawInsn raw) {
        int op = raw.opcode();
        MemMode mode = MemMode.ofOrNull(op);
        MemSize size = MemSize.of(op);
        if (mode == MemMode.IMM && size == MemSize.DW) {
            throw new InsnDecodeException(pc, raw, "lddw is missing its second slot");
        }
        if ((mode == MemMode.ABS || mode == MemMode.IND) && size != MemSize.DW) {
            zero(pc, raw, raw.dst(), "destination register");
            zero(pc, raw, raw.offset(), "offset");
            if (mode == MemMode.ABS) {
                zero(pc, raw, raw.src(), "source register");
                return new PacketLoad(size, false, Reg.R0, raw.imm());
            }
            return new PacketLoad(size, true, reg(pc, raw, raw.src(), "index"), raw.imm());
        }
        throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
    }

    private static Insn decodeLdx(int pc, RawInsn raw) {
        int op = raw.opcode();
        MemMode mode = MemMode.ofOrNull(op);
        MemSize size = MemSize.of(op);
        boolean sx = mode == MemMode.MEMSX;
        if (mode != MemMode.MEM && !(sx && size != MemSize.DW)) {
            throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
        }
        zero(pc, raw, raw.imm(), "immediate");
        return new Load(size, sx, reg(pc, raw, raw.dst(), "destination"), reg(pc, raw, raw.src(), "source"), raw.offset());
    }

    private static Insn decodeSt(int pc, RawInsn raw) {
        int op = raw.opcode();
        if (MemMode.ofOrNull(op) != MemMode.MEM) {
            throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
        }
        zero(pc, raw, raw.src(), "source register");
        return new Store(MemSize.of(op), reg(pc, raw, raw.dst(), "destination"), raw.offset(), new Imm(raw.imm()));
    }

    private static Insn decodeStx(int pc, RawInsn raw) {
        int op = raw.opcode();
        MemMode mode = MemMode.ofOrNull(op);
        MemSize size = MemSize.of(op);
        Reg base = reg(pc, raw, raw.dst(), "destination");
        Reg src = reg(pc, raw, raw.src(), "source");
        if (mode == MemMode.MEM) {
            zero(pc, raw, raw.imm(), "immediate");
            return new Store(size, base, raw.offset(), src);
        }
        if (mode == MemMode.ATOMIC && (size == MemSize.W || size == MemSize.DW)) {
            AtomicOp aop = AtomicOp.decode(raw.imm());
            if (aop == null) {
                throw new InsnDecodeException(pc, raw, "unknown atomic operation 0x" + Integer.toHexString(raw.imm()));
            }
            return new Atomic(aop, (raw.imm() & AtomicOp.FETCH) != 0, size, base, raw.offset(), src);
        }
        throw new InsnDecodeException(pc, raw, "unknown opcode 0x" + Integer.toHexString(op));
    }

    private static Operand operand(int pc, RawInsn raw, Source source) {
        if (source == Source.K) {
            zero(pc, raw, raw.src(), "source register");
            return new Imm(raw.imm());
        }
        zero(pc, raw, raw.imm(), "immediate");
        return reg(pc, raw, raw.src(), "source");
    }

    private static Reg reg(int pc, RawInsn raw, int n, String role) {
        if (n >= Reg.COUNT) {
            throw new InsnDecodeException(pc, raw, "invalid " + role + " register r" + n);
        }
        return Reg.of(n);
    }

    private static void zero(int pc, RawInsn raw, int value, String field) {
        if (value != 0) {
            throw new InsnDecodeException(pc, raw, "non-zero " + field + " " + value + " in a field that must be zero");
        }
    }

    /// Encodes one instruction: one slot, or two for `lddw`.
    public static RawInsn[] encode(Insn insn) {
        return switch (insn) {
            case Alu(var op, var w, var dst, var src) -> {
                int cls = (w == Width.W64 ? InsnClass.ALU64 : InsnClass.ALU).code();
                yield switch (src) {
                    case Reg r -> one(cls | op.code() | Source.X.code(), dst.number(), r.number(), op.offset(), 0);
                    case Imm(var v) -> one(cls | op.code(), dst.number(), 0, op.offset(), v);
                };
            }
            case Endian(var op, var bits, var dst) -> switch (op) {
                case LE -> one(InsnClass.ALU.code() | 0xd0, dst.number(), 0, 0, bits);
                case BE -> one(InsnClass.ALU.code() | 0xd0 | Source.X.code(), dst.number(), 0, 0, bits);
                case SWAP -> one(InsnClass.ALU64.code() | 0xd0, dst.number(), 0, 0, bits);
            };
            case LoadImm64(var dst, var source, var imm, var nextImm) -> new RawInsn[] {
                new RawInsn(0x18, dst.number(), source.code(), (short) 0, imm),
                new RawInsn(0, 0, 0, (short) 0, nextImm)
            };
            case Load(var size, var sx, var dst, var base, var off) ->
                one(InsnClass.LDX.code() | (sx ? MemMode.MEMSX : MemMode.MEM).code() | size.code(),
                        dst.number(), base.number(), off, 0);
            case Store(var size, var base, var off, Reg r) ->
                one(InsnClass.STX.code() | MemMode.MEM.code() | size.code(), base.number(), r.number(), off, 0);
            case Store(var size, var base, var off, Imm(var v)) ->
                one(InsnClass.ST.code() | MemMode.MEM.code() | size.code(), base.number(), 0, off, v);
            case Atomic(var op, var fetch, var size, var base, var off, var src) ->
                one(InsnClass.STX.code() | MemMode.ATOMIC.code() | size.code(), base.number(), src.number(), off,
                        op.code() | (fetch ? AtomicOp.FETCH : 0));
            case PacketLoad(var size, var ind, var index, var imm) ->
                one(InsnClass.LD.code() | (ind ? MemMode.IND : MemMode.ABS).code() | size.code(), 0,
                        ind ? index.number() : 0, 0, imm);
            case Jump(var op, var w, var dst, var src, var off) -> {
                if (op == JmpOp.JA && w == Width.W32) {
                    yield one(InsnClass.JMP32.code(), 0, 0, 0, off);
                }
                int cls = (w == Width.W64 ? InsnClass.JMP : InsnClass.JMP32).code();
                yield switch (src) {
                    case Reg r -> one(cls | op.code() | Source.X.code(), dst.number(), r.number(), off, 0);
                    case Imm(var v) -> one(cls | op.code(), dst.number(), 0, off, v);
                };
            }
            case Call(var id) -> one(InsnClass.JMP.code() | JmpOp.CALL, 0, 0, 0, id);
            case CallLocal(var off) -> one(InsnClass.JMP.code() | JmpOp.CALL, 0, 1, 0, off);
            case CallKfunc(var id, var module) -> one(InsnClass.JMP.code() | JmpOp.CALL, 0, 2, module, id);
            case CallReg(var target) -> one(InsnClass.JMP.code() | JmpOp.CALL | Source.X.code(), target.number(), 0, 0, 0);
            case Exit() -> one(InsnClass.JMP.code() | JmpOp.EXIT, 0, 0, 0, 0);
        };
    }

    private static RawInsn[] one(int opcode, int dst, int src, int offset, int imm) {
        return new RawInsn[] {new RawInsn(opcode, dst, src, (short) offset, imm)};
    }
}
