package io.splitbpf.exec.fuzz;

import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.fuzz.FuzzProgram.Branch;
import io.splitbpf.exec.fuzz.FuzzProgram.Item;
import io.splitbpf.exec.fuzz.FuzzProgram.Mark;
import io.splitbpf.exec.fuzz.FuzzProgram.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/// What the generators' functions share while one is written: the random source, the items so
/// far, fresh labels, blocks of statements and if/else blocks. Each generator says what a
/// statement is.
abstract class FunctionWriter {
    final SplittableRandom rnd;
    final List<Item> out = new ArrayList<>();
    private int nextLabel;

    FunctionWriter(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    /// Adds one statement; returns roughly how many instructions it took.
    abstract int statement(int budget, int nesting);

    /// Statements worth about `budget` instructions.
    final void block(int budget, int nesting) {
        while (budget > 0) {
            budget -= statement(budget, nesting);
        }
    }

    /// A label no item of this function uses yet.
    final int label() {
        return nextLabel++;
    }

    /// An instruction the shrinker may delete.
    final void op(Insn insn) {
        out.add(new Op(insn, false));
    }

    /// An instruction the shrinker keeps (set-up that keeps the program well-formed).
    final void fixed(Insn insn) {
        out.add(new Op(insn, true));
    }

    /// `if … goto else` (the branch `condition` makes for a label), a block of at most
    /// `maxInner` statements, and sometimes `goto end; else: block; end:`.
    final int ifBlock(int budget, int nesting, int maxInner, IntFunction<Branch> condition) {
        int inner = 1 + rnd.nextInt(Math.min(budget - 1, maxInner));
        int elseLabel = label();
        out.add(condition.apply(elseLabel));
        if (rnd.nextInt(3) == 0 && inner >= 2) {
            int endLabel = label();
            block(inner / 2, nesting + 1);
            out.add(new Branch(JmpOp.JA, Width.W64, Reg.R0, new Imm(0), endLabel, false));
            out.add(new Mark(elseLabel));
            block(inner - inner / 2, nesting + 1);
            out.add(new Mark(endLabel));
        } else {
            block(inner, nesting + 1);
            out.add(new Mark(elseLabel));
        }
        return inner + 1;
    }

    final Width width() {
        return rnd.nextBoolean() ? Width.W32 : Width.W64;
    }

    final <T> T pick(T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    final int pick(int[] values) {
        return values[rnd.nextInt(values.length)];
    }

    final long pick(long[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
