package io.splitbpf.core.asm;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.core.platform.HelperId;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/// The LLVM / kernel dialect: statements (`exit`, `goto`, `if … goto`, `call`, `callx`,
/// `lock …`, stores) and assignments to a register, which [LlvmAssignment] reads.
/// Accepts what clang/llvm-objdump, the kernel disassembler (bpftool, verifier log) and
/// PREVAIL's test files write.
final class LlvmDialect {
    private LlvmDialect() {}

    // Table: compound assignment operators, longest first so that a prefix never wins.
    private static final List<Map.Entry<String, AluOp>> COMPOUND = List.of(
            Map.entry("s>>=", AluOp.ARSH), Map.entry("<<=", AluOp.LSH), Map.entry(">>=", AluOp.RSH),
            Map.entry("s16=", AluOp.MOVSX16), Map.entry("s32=", AluOp.MOVSX32), Map.entry("s/=", AluOp.SDIV),
            Map.entry("s%=", AluOp.SMOD), Map.entry("s8=", AluOp.MOVSX8), Map.entry("+=", AluOp.ADD),
            Map.entry("-=", AluOp.SUB), Map.entry("*=", AluOp.MUL), Map.entry("/=", AluOp.DIV),
            Map.entry("|=", AluOp.OR), Map.entry("&=", AluOp.AND), Map.entry("%=", AluOp.MOD),
            Map.entry("^=", AluOp.XOR));

    // Table: jump conditions, longest first. `&==` is PREVAIL's spelling of jset.
    private static final List<Map.Entry<String, JmpOp>> CONDITIONS = List.of(
            Map.entry("&==", JmpOp.JSET), Map.entry("s>=", JmpOp.JSGE), Map.entry("s<=", JmpOp.JSLE),
            Map.entry("==", JmpOp.JEQ), Map.entry("!=", JmpOp.JNE), Map.entry(">=", JmpOp.JGE),
            Map.entry("<=", JmpOp.JLE), Map.entry("s>", JmpOp.JSGT), Map.entry("s<", JmpOp.JSLT),
            Map.entry(">", JmpOp.JGT), Map.entry("<", JmpOp.JLT), Map.entry("&", JmpOp.JSET));

    // Table: atomic compound operators of `lock *(uN *)(rB + off) OP rS [fetch]`.
    private static final List<Map.Entry<String, AtomicOp>> LOCK_OPS = List.of(
            Map.entry("cx=", AtomicOp.CMPXCHG), Map.entry("x=", AtomicOp.XCHG), Map.entry("+=", AtomicOp.ADD),
            Map.entry("|=", AtomicOp.OR), Map.entry("&=", AtomicOp.AND), Map.entry("^=", AtomicOp.XOR));

    /// Parses the instruction at the cursor. `opcode` is the opcode a listing printed before
    /// the text (`(18)`), or -1.
    static Draft parse(LineCursor c, int opcode, MapNames maps) {
        Draft d;
        if (c.acceptWord("exit")) {
            d = Draft.of(new Exit());
        } else if (c.acceptWord("goto") || c.acceptWord("ja")) {
            d = target(c, 16, Jump::ja);
        } else if (c.acceptWord("gotol")) {
            d = target(c, 32, off -> new Jump(JmpOp.JA, Width.W32, Reg.R0, new Imm(0), off));
        } else if (c.acceptWord("if")) {
            d = conditional(c);
        } else if (c.acceptWord("callx")) {
            d = Draft.of(new CallReg(c.llvmRegister()));
        } else if (c.acceptWord("call")) {
            d = call(c);
        } else if (c.acceptWord("lock")) {
            d = Draft.of(lock(c));
        } else if (c.peek() == '*') {
            d = Draft.of(store(c));
        } else if (c.acceptWord("assume")) {
            throw c.errorAt(0, "'assume' is a PREVAIL pseudo-instruction with no eBPF encoding");
        } else {
            d = Draft.of(assignment(c, opcode, maps));
        }
        c.expectEnd();
        return d;
    }

    private static Insn assignment(LineCursor c, int opcode, MapNames maps) {
        if (!c.peekLlvmRegister()) {
            throw c.error("expected an instruction");
        }
        Reg dst = c.llvmRegister();
        Width width = c.lastWasW ? Width.W32 : Width.W64;
        for (var e : COMPOUND) {
            if (c.accept(e.getKey())) {
                AluOp op = e.getValue();
                Operand src = op.isMovSx() ? c.llvmRegister() : operand(c);
                return new Alu(op, width, dst, src);
            }
        }
        c.expect("=", "an assignment operator");
        return LlvmAssignment.parse(c, dst, width, opcode, maps);
    }

    /// `if rA op rB|imm goto T`.
    private static Draft conditional(LineCursor c) {
        Reg dst = c.llvmRegister();
        Width width = c.lastWasW ? Width.W32 : Width.W64;
        if (c.accept("&!=")) {
            throw c.errorAt(c.pos() - 3, "'&!=' (PREVAIL's negated jset) has no eBPF encoding");
        }
        JmpOp op = null;
        for (var e : CONDITIONS) {
            if (c.accept(e.getKey())) {
                op = e.getValue();
                break;
            }
        }
        if (op == null) {
            throw c.error("expected a comparison operator");
        }
        Operand src = operand(c);
        if (!c.acceptWord("goto")) {
            throw c.error("expected 'goto'");
        }
        JmpOp jop = op;
        return target(c, 16, off -> new Jump(jop, width, dst, src, off));
    }

    /// A jump target: `+N`, `-N`, `pc+N`, `pc-N`, `<label>` or `label`; llvm-objdump's
    /// trailing `<LBB0_2>` after a numeric target is ignored.
    static Draft target(LineCursor c, int bits, IntFunction<Insn> build) {
        c.acceptWord("pc");
        char ch = c.peek();
        if (ch == '+' || ch == '-') {
            Draft d = Draft.of(build.apply(c.jumpOffset(bits)));
            if (c.accept("<")) {
                c.identifier("a label");
                c.expect(">", "'>'");
            }
            return d;
        }
        int col = c.pos() + 1;
        boolean angle = c.accept("<");
        String label = c.identifier("a jump target (+N, -N or a label)");
        if (angle) {
            c.expect(">", "'>'");
        }
        return Draft.toLabel(label, col, build);
    }

    /// `call N`, `call name`, `call name#N`, `call unknown#N`, `call kernel-function#N[module:M]`,
    /// `call pc+N`, `call local label`, `call <label>`, `call label`.
    private static Draft call(LineCursor c) {
        if (c.acceptWord("pc")) {
            Draft d = target(c, 32, CallLocal::new);
            skipHashSuffix(c);
            return d;
        }
        if (c.acceptWord("local") || c.peek() == '<') {
            return target(c, 32, CallLocal::new);
        }
        if (c.peekNumber()) {
            return Draft.of(new Call(c.imm32("a helper id")));
        }
        int col = c.pos() + 1;
        String name = c.calleeName();
        if (c.accept("#")) {
            int id = c.imm32("a function id");
            if (name.equals("unknown") || HelperId.of(id).map(h -> h.name().equals(name)).orElse(false)) {
                return Draft.of(new Call(id));
            }
            short module = 0;
            if (c.accept("[")) {
                c.expect("module:", "'module:'");
                module = c.offset16(false);
                c.expect("]", "']'");
            }
            return Draft.of(new CallKfunc(id, module));
        }
        return HelperId.byName(name)
                .map(h -> Draft.of(new Call(h.id())))
                .orElseGet(() -> Draft.toLabel(name, col, CallLocal::new));
    }

    /// bpftool prints `call pc+2#bpf_prog_3b18…_F` for jited subprograms.
    private static void skipHashSuffix(LineCursor c) {
        if (c.accept("#")) {
            c.calleeName();
        }
    }

    /// `lock *(u32 *)(r2 + 4) += r1 [fetch]`, including PREVAIL's `x=` and `cx=`.
    private static Atomic lock(LineCursor c) {
        MemSize size = LlvmAssignment.pointerType(c, false).size();
        LlvmAssignment.Mem m = LlvmAssignment.mem(c);
        AtomicOp op = null;
        for (var e : LOCK_OPS) {
            if (c.accept(e.getKey())) {
                op = e.getValue();
                break;
            }
        }
        if (op == null) {
            throw c.error("expected an atomic operator (+=, |=, &=, ^=, x=, cx=)");
        }
        Reg src = c.llvmRegister();
        boolean fetch = c.acceptWord("fetch") || op.alwaysFetches();
        return atomic(c, op, fetch, size, m, src);
    }

    static Atomic atomic(LineCursor c, AtomicOp op, boolean fetch, MemSize size, LlvmAssignment.Mem m, Reg src) {
        if (size != MemSize.W && size != MemSize.DW) {
            throw c.errorAt(0, "atomic operations are 4 or 8 bytes wide");
        }
        return new Atomic(op, fetch, size, m.base(), m.offset(), src);
    }

    /// `*(u32 *)(r10 - 8) = r1` or `= imm`.
    private static Store store(LineCursor c) {
        MemSize size = LlvmAssignment.pointerType(c, false).size();
        LlvmAssignment.Mem m = LlvmAssignment.mem(c);
        c.expect("=", "'='");
        Operand src = c.peekLlvmRegister() ? c.llvmRegister() : new Imm(c.imm32("a register or an immediate"));
        return new Store(size, m.base(), m.offset(), src);
    }

    static Operand operand(LineCursor c) {
        return c.peekLlvmRegister() ? c.llvmRegister() : new Imm(c.imm32("a register or an immediate"));
    }
}
