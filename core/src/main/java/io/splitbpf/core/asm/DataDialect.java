package io.splitbpf.core.asm;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.EndianOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/// The `.data` dialect of bpf_conformance and uBPF (`lib/src/bpf_assembler.cc`): one
/// mnemonic per line, `%rN` registers, `[%rN+off]` memory operands.
final class DataDialect {
    private DataDialect() {}

    private record AluForm(AluOp op, Width width) {}

    private record JmpForm(JmpOp op, Width width) {}

    private record MemForm(MemSize size, boolean signExtend) {}

    private record EndianForm(EndianOp op, int bits) {}

    // Table: mnemonic → instruction form, built once from the ISA enums.
    private static final Map<String, AluForm> ALU = new HashMap<>();
    private static final Map<String, JmpForm> JMP = new HashMap<>();
    private static final Map<String, MemForm> LDX = new HashMap<>();
    private static final Map<String, MemSize> ST = new HashMap<>();
    private static final Map<String, MemSize> STX = new HashMap<>();
    private static final Map<String, EndianForm> ENDIAN = new HashMap<>();
    private static final Map<String, MemSize> LDABS = new HashMap<>();
    private static final Map<String, MemSize> LDIND = new HashMap<>();

    static {
        for (AluOp op : AluOp.values()) {
            if (!op.isMovSx()) {
                ALU.put(op.mnemonic(), new AluForm(op, Width.W64));
                ALU.put(op.mnemonic() + "64", new AluForm(op, Width.W64));
                ALU.put(op.mnemonic() + "32", new AluForm(op, Width.W32));
            }
        }
        ALU.put("movsx832", new AluForm(AluOp.MOVSX8, Width.W32));
        ALU.put("movsx1632", new AluForm(AluOp.MOVSX16, Width.W32));
        ALU.put("movsx864", new AluForm(AluOp.MOVSX8, Width.W64));
        ALU.put("movsx1664", new AluForm(AluOp.MOVSX16, Width.W64));
        ALU.put("movsx3264", new AluForm(AluOp.MOVSX32, Width.W64));
        for (JmpOp op : JmpOp.values()) {
            if (op != JmpOp.JA) {
                JMP.put(op.mnemonic(), new JmpForm(op, Width.W64));
                JMP.put(op.mnemonic() + "64", new JmpForm(op, Width.W64));
                JMP.put(op.mnemonic() + "32", new JmpForm(op, Width.W32));
            }
        }
        for (MemSize size : MemSize.values()) {
            LDX.put("ldx" + size.suffix(), new MemForm(size, false));
            ST.put("st" + size.suffix(), size);
            STX.put("stx" + size.suffix(), size);
            if (size != MemSize.DW) {
                LDX.put("ldxs" + size.suffix(), new MemForm(size, true));
                LDABS.put("ldabs" + size.suffix(), size);
                LDIND.put("ldind" + size.suffix(), size);
            }
        }
        for (int bits : new int[] {16, 32, 64}) {
            ENDIAN.put("le" + bits, new EndianForm(EndianOp.LE, bits));
            ENDIAN.put("be" + bits, new EndianForm(EndianOp.BE, bits));
            ENDIAN.put("bswap" + bits, new EndianForm(EndianOp.SWAP, bits));
            ENDIAN.put("swap" + bits, new EndianForm(EndianOp.SWAP, bits));
        }
    }

    /// Whether `word` is a mnemonic of this dialect.
    static boolean isMnemonic(String word) {
        return switch (word) {
            case "exit", "lock", "call", "lddw", "ja", "ja32" -> true;
            default -> ALU.containsKey(word) || JMP.containsKey(word) || LDX.containsKey(word) || ST.containsKey(word)
                    || STX.containsKey(word) || ENDIAN.containsKey(word) || LDABS.containsKey(word)
                    || LDIND.containsKey(word);
        };
    }

    /// Parses the instruction at the cursor (comments and labels already removed).
    static Draft parse(LineCursor c) {
        int start = c.pos();
        String mn = c.identifier("a mnemonic");
        Draft d = switch (mn) {
            case "exit" -> Draft.of(new Exit());
            case "lock" -> Draft.of(lock(c));
            case "call" -> call(c);
            case "lddw" -> {
                Reg dst = c.percentRegister();
                comma(c);
                yield Draft.of(LoadImm64.of(dst, c.imm64("a 64-bit immediate")));
            }
            case "ja" -> target(c, 16, Jump::ja);
            case "ja32" -> target(c, 32, off -> new Jump(JmpOp.JA, Width.W32, Reg.R0, new Imm(0), off));
            default -> other(c, start, mn);
        };
        c.expectEnd();
        return d;
    }

    private static Draft other(LineCursor c, int start, String mn) {
        if (ALU.containsKey(mn)) {
            return Draft.of(alu(c, ALU.get(mn)));
        }
        if (JMP.containsKey(mn)) {
            JmpForm f = JMP.get(mn);
            Reg dst = c.percentRegister();
            comma(c);
            Operand src = operand(c);
            comma(c);
            return target(c, 16, off -> new Jump(f.op(), f.width(), dst, src, off));
        }
        if (LDX.containsKey(mn)) {
            MemForm f = LDX.get(mn);
            Reg dst = c.percentRegister();
            comma(c);
            Mem m = mem(c);
            return Draft.of(new Load(f.size(), f.signExtend(), dst, m.base(), m.offset()));
        }
        if (ST.containsKey(mn)) {
            Mem m = mem(c);
            comma(c);
            return Draft.of(new Store(ST.get(mn), m.base(), m.offset(), new Imm(c.imm32("an immediate"))));
        }
        if (STX.containsKey(mn)) {
            Mem m = mem(c);
            comma(c);
            return Draft.of(new Store(STX.get(mn), m.base(), m.offset(), c.percentRegister()));
        }
        if (ENDIAN.containsKey(mn)) {
            EndianForm f = ENDIAN.get(mn);
            return Draft.of(new Endian(f.op(), f.bits(), c.percentRegister()));
        }
        if (LDABS.containsKey(mn)) {
            return Draft.of(new PacketLoad(LDABS.get(mn), false, Reg.R0, c.imm32("an immediate")));
        }
        if (LDIND.containsKey(mn)) {
            Reg index = c.percentRegister();
            comma(c);
            return Draft.of(new PacketLoad(LDIND.get(mn), true, index, c.imm32("an immediate")));
        }
        throw c.errorAt(start, "unknown mnemonic");
    }

    private static Alu alu(LineCursor c, AluForm f) {
        Reg dst = c.percentRegister();
        if (f.op() == AluOp.NEG) {
            return new Alu(AluOp.NEG, f.width(), dst, new Imm(0));
        }
        comma(c);
        Operand src = f.op().isMovSx() ? c.percentRegister() : operand(c);
        return new Alu(f.op(), f.width(), dst, src);
    }

    /// `lock [fetch] add|and|or|xor|xchg|cmpxchg[32] [%rN+off], %rM`.
    private static Atomic lock(LineCursor c) {
        boolean fetch = c.acceptWord("fetch");
        int at = c.pos();
        String name = c.identifier("an atomic operation");
        boolean w32 = name.endsWith("32");
        String base = w32 ? name.substring(0, name.length() - 2) : name;
        AtomicOp op = null;
        for (AtomicOp candidate : AtomicOp.values()) {
            if (candidate.mnemonic().equals(base)) {
                op = candidate;
            }
        }
        if (op == null) {
            throw c.errorAt(at, "expected an atomic operation (add, and, or, xor, xchg, cmpxchg)");
        }
        Mem m = mem(c);
        comma(c);
        Reg src = c.percentRegister();
        return new Atomic(op, fetch || op.alwaysFetches(), w32 ? MemSize.W : MemSize.DW, m.base(), m.offset(), src);
    }

    /// `call N` (helper), `call local label|+N`, `call runtime N` (kfunc), `call %rN` (callx).
    private static Draft call(LineCursor c) {
        if (c.peek() == '%') {
            return Draft.of(new CallReg(c.percentRegister()));
        }
        if (c.acceptWord("local")) {
            return target(c, 32, CallLocal::new);
        }
        if (c.acceptWord("runtime")) {
            return Draft.of(new CallKfunc(c.imm32("a function id"), (short) 0));
        }
        return Draft.of(new Call(c.imm32("a helper id")));
    }

    /// A jump target: `+N`, `-N` or a label.
    static Draft target(LineCursor c, int bits, IntFunction<io.splitbpf.core.insn.Insn> build) {
        char ch = c.peek();
        if (ch == '+' || ch == '-') {
            return Draft.of(build.apply(c.jumpOffset(bits)));
        }
        int col = c.pos() + 1;
        return Draft.toLabel(c.identifier("a jump target (+N, -N or a label)"), col, build);
    }

    private static Operand operand(LineCursor c) {
        return c.peek() == '%' ? c.percentRegister() : new Imm(c.imm32("a register or an immediate"));
    }

    record Mem(Reg base, short offset) {}

    /// `[%rN]`, `[%rN+off]` or `[%rN-off]`.
    private static Mem mem(LineCursor c) {
        c.expect("[", "a memory operand [%rN+off]");
        Reg base = c.percentRegister();
        short off = 0;
        if (c.peek() == '+' || c.peek() == '-') {
            off = c.offset16(true);
        }
        c.expect("]", "']'");
        return new Mem(base, off);
    }

    private static void comma(LineCursor c) {
        c.accept(",");
    }
}
