package io.splitbpf.exec.jit;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;

/// Emits the bytecode of jumps: a comparison that leaves what a JVM branch tests, then the
/// branch. Unsigned orders use `Long`/`Integer.compareUnsigned`, which are JVM intrinsics (one
/// unsigned compare); signed 64-bit orders use `lcmp`.
final class JumpEmitter {
    private static final MethodTypeDesc MTD_JJ_I = MethodTypeDesc.of(CD_int, CD_long, CD_long);
    private static final MethodTypeDesc MTD_II_I = MethodTypeDesc.of(CD_int, CD_int, CD_int);

    private JumpEmitter() {}

    /// Emits `j`, which jumps to `target`; `backward` when the target is at or before it.
    static void emit(CodeBuilder code, Jump j, Label target, boolean backward) {
        if (j.op() == JmpOp.JA) {
            code.goto_(target);
            return;
        }
        Opcode branch = j.width() == Width.W64 ? compare64(code, j) : compare32(code, j);
        if (!backward) {
            code.branch(branch, target);
            return;
        }
        // A loop's back edge is where the JVM polls for a safepoint, and the state it keeps
        // there includes the operands of the branch. An unconditional back edge has none, so
        // the comparison result is never materialized in a register.
        Label fallThrough = code.newLabel();
        code.branch(inverse(branch), fallThrough);
        code.goto_(target);
        code.labelBinding(fallThrough);
    }

    /// Pushes what a 64-bit comparison needs and returns the branch that takes the jump.
    private static Opcode compare64(CodeBuilder code, Jump j) {
        code.lload(LocalsLayout.slot(j.dst()));
        switch (j.src()) {
            case Reg r -> code.lload(LocalsLayout.slot(r));
            case Imm(var v) -> code.loadConstant((long) v);
        }
        return switch (j.op()) {
            case JSET -> {
                code.land().lconst_0().lcmp();
                yield Opcode.IFNE;
            }
            case JGT, JGE, JLT, JLE -> {
                code.invokestatic(ConstantDescs.CD_Long, "compareUnsigned", MTD_JJ_I);
                yield signOf(j.op());
            }
            default -> {
                code.lcmp();
                yield signOf(j.op());
            }
        };
    }

    /// Pushes what a 32-bit comparison needs and returns the branch that takes the jump.
    private static Opcode compare32(CodeBuilder code, Jump j) {
        code.lload(LocalsLayout.slot(j.dst())).l2i();
        switch (j.src()) {
            case Reg r -> code.lload(LocalsLayout.slot(r)).l2i();
            case Imm(var v) -> code.loadConstant(v);
        }
        return switch (j.op()) {
            case JSET -> {
                code.iand();
                yield Opcode.IFNE;
            }
            case JGT, JGE, JLT, JLE -> {
                code.invokestatic(ConstantDescs.CD_Integer, "compareUnsigned", MTD_II_I);
                yield signOf(j.op());
            }
            case JEQ -> Opcode.IF_ICMPEQ;
            case JNE -> Opcode.IF_ICMPNE;
            case JSGT -> Opcode.IF_ICMPGT;
            case JSGE -> Opcode.IF_ICMPGE;
            case JSLT -> Opcode.IF_ICMPLT;
            default -> Opcode.IF_ICMPLE;
        };
    }

    /// The branch on a comparison result (an `int` whose sign is the order) for `op`.
    private static Opcode signOf(JmpOp op) {
        return switch (op) {
            case JEQ -> Opcode.IFEQ;
            case JNE, JSET -> Opcode.IFNE;
            case JGT, JSGT -> Opcode.IFGT;
            case JGE, JSGE -> Opcode.IFGE;
            case JLT, JSLT -> Opcode.IFLT;
            case JLE, JSLE -> Opcode.IFLE;
            case JA -> throw new IllegalArgumentException("ja compares nothing");
        };
    }

    /// The branch taken exactly when `branch` is not.
    private static Opcode inverse(Opcode branch) {
        return switch (branch) {
            case IFEQ -> Opcode.IFNE;
            case IFNE -> Opcode.IFEQ;
            case IFLT -> Opcode.IFGE;
            case IFGE -> Opcode.IFLT;
            case IFGT -> Opcode.IFLE;
            case IFLE -> Opcode.IFGT;
            case IF_ICMPEQ -> Opcode.IF_ICMPNE;
            case IF_ICMPNE -> Opcode.IF_ICMPEQ;
            case IF_ICMPLT -> Opcode.IF_ICMPGE;
            case IF_ICMPGE -> Opcode.IF_ICMPLT;
            case IF_ICMPGT -> Opcode.IF_ICMPLE;
            case IF_ICMPLE -> Opcode.IF_ICMPGT;
            default -> throw new IllegalArgumentException("not a conditional branch: " + branch);
        };
    }
}
