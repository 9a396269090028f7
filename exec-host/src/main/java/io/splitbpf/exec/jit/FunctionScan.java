package io.splitbpf.exec.jit;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Set;

/// What the emitter needs to know about one eBPF function `[start, end)` before emitting it:
/// which pcs are jump targets (a peephole may fuse an instruction into its predecessor only
/// when nothing jumps to it), and which registers it ever reads (only those need a zeroed
/// local at entry, for the JVM's definite-assignment rule; the others cost no bytecode).
record FunctionScan(BitSet jumpTargets, Set<Reg> reads) {
    static FunctionScan of(InsnSeq program, int start, int end) {
        BitSet targets = new BitSet();
        EnumSet<Reg> reads = EnumSet.noneOf(Reg.class);
        for (int pc = start; pc < end; pc++) {
            LabeledInsn li = program.at(pc);
            if (li == null) {
                continue;
            }
            if (li.insn() instanceof Jump j) {
                targets.set(j.target(pc));
            }
            addReads(li.insn(), reads);
        }
        return new FunctionScan(targets, reads);
    }

    /// Whether a jump lands on `pc`.
    boolean isJumpTarget(int pc) {
        return jumpTargets.get(pc);
    }

    private static void addReads(Insn insn, Set<Reg> reads) {
        switch (insn) {
            case Alu(var op, var w, var dst, var src) -> {
                if (op != AluOp.MOV && op != AluOp.MOVSX8 && op != AluOp.MOVSX16 && op != AluOp.MOVSX32) {
                    reads.add(dst);
                }
                addOperand(src, reads);
            }
            case Endian e -> reads.add(e.dst());
            case LoadImm64 l -> { }
            case Load l -> reads.add(l.base());
            case Store s -> {
                reads.add(s.base());
                addOperand(s.src(), reads);
            }
            case Atomic a -> {
                reads.add(a.base());
                reads.add(a.src());
                reads.add(Reg.R0); // the emitter passes r0 to every atomic (cmpxchg compares it)
            }
            case PacketLoad p -> {
                if (p.indirect()) {
                    reads.add(p.index());
                }
            }
            case Jump j when j.op() == JmpOp.JA -> { }
            case Jump j -> {
                reads.add(j.dst());
                addOperand(j.src(), reads);
            }
            case CallReg c -> reads.add(c.target());
            case Call c -> { }
            case CallLocal c -> reads.add(Reg.R10); // the callee's frame is below the caller's
            case CallKfunc k -> { }
            case Exit e -> reads.add(Reg.R0);
        }
    }

    private static void addOperand(Operand src, Set<Reg> reads) {
        if (src instanceof Reg r) {
            reads.add(r);
        }
    }
}
