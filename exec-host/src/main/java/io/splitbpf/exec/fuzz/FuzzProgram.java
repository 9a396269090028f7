package io.splitbpf.exec.fuzz;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/// A generated program before its jumps and calls are resolved: functions of [Item]s, where
/// jumps name labels and calls name functions, and the input buffer it runs on. Keeping the
/// structure lets the shrinker delete items without breaking jump offsets, and the `fixed`
/// items (loop counters, the frame set-up) keep every shrunk program terminating and
/// well-formed.
///
/// Function 0 is the program; function `i` calls only functions `j > i`, so calls cannot
/// recurse and the call depth is at most the number of functions.
///
/// @param seed      the seed the program was generated from
/// @param functions each function's items
/// @param input     the input buffer (r1 points at it, r2 holds its length)
public record FuzzProgram(long seed, List<List<Item>> functions, byte[] input) {
    public FuzzProgram {
        functions = functions.stream().map(List::copyOf).toList();
        input = input.clone();
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("a program needs at least one function");
        }
    }

    /// One element of a function.
    public sealed interface Item {
        /// Whether the shrinker must keep it.
        boolean fixed();
    }

    /// A plain instruction (no jump or call offsets).
    public record Op(Insn insn, boolean fixed) implements Item {
        public Op {
            Objects.requireNonNull(insn, "insn");
            if (insn instanceof Jump || insn instanceof CallLocal) {
                throw new IllegalArgumentException("jumps and local calls are Branch and CallFunction items");
            }
        }
    }

    /// A jump to `label` (forward or back) when `dst op src` holds; `ja` when `op` is JA
    /// (`wide`: the 32-bit-offset `gotol` form).
    public record Branch(JmpOp op, Width width, Reg dst, Operand src, int label, boolean fixed) implements Item {}

    /// Where `label` points: the next instruction.
    public record Mark(int label) implements Item {
        @Override
        public boolean fixed() {
            return true;
        }
    }

    /// `r1 = r6; call function` (r6 holds the input pointer in every function).
    public record CallFunction(int function) implements Item {
        @Override
        public boolean fixed() {
            return false;
        }
    }

    /// A copy of the input buffer.
    @Override
    public byte[] input() {
        return input.clone();
    }

    /// The number of deletable items.
    public int deletableCount() {
        int n = 0;
        for (List<Item> f : functions) {
            for (Item it : f) {
                if (!it.fixed()) {
                    n++;
                }
            }
        }
        return n;
    }

    /// The same program without its `index`th deletable item.
    public FuzzProgram without(int index) {
        List<List<Item>> out = new ArrayList<>();
        int n = 0;
        for (List<Item> f : functions) {
            List<Item> g = new ArrayList<>(f.size());
            for (Item it : f) {
                if (!it.fixed() && n++ == index) {
                    continue;
                }
                g.add(it);
            }
            out.add(g);
        }
        return new FuzzProgram(seed, out, input);
    }

    /// The same program with the `index`th deletable item replaced by `item`.
    public FuzzProgram replacing(int index, Item item) {
        List<List<Item>> out = new ArrayList<>();
        int n = 0;
        for (List<Item> f : functions) {
            List<Item> g = new ArrayList<>(f.size());
            for (Item it : f) {
                g.add(!it.fixed() && n++ == index ? item : it);
            }
            out.add(g);
        }
        return new FuzzProgram(seed, out, input);
    }

    /// The `index`th deletable item.
    public Item deletable(int index) {
        int n = 0;
        for (List<Item> f : functions) {
            for (Item it : f) {
                if (!it.fixed() && n++ == index) {
                    return it;
                }
            }
        }
        throw new IndexOutOfBoundsException("no deletable item " + index);
    }

    /// Shrinks a failure: deletes items of its program, one at a time, for as long as `check`
    /// still finds a failure in what is left, and returns the smallest failure found. What is
    /// left is always well-formed and terminating (fixed items are never deleted).
    ///
    /// @param failure the failure to shrink
    /// @param program the program of a failure
    /// @param check the failure a program still has, if any
    public static <F> F shrink(F failure, Function<F, FuzzProgram> program, Function<FuzzProgram, Optional<F>> check) {
        F best = failure;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = program.apply(best).deletableCount() - 1; i >= 0; i--) {
                if (i >= program.apply(best).deletableCount()) {
                    continue;
                }
                Optional<F> smaller = check.apply(program.apply(best).without(i));
                if (smaller.isPresent()) {
                    best = smaller.get();
                    progress = true;
                }
            }
        }
        return best;
    }

    /// The instructions: the functions that function 0 reaches, in order, with jump and call
    /// offsets resolved.
    public InsnSeq toInsnSeq() {
        BitSet reached = new BitSet();
        reach(0, reached);
        int[] start = new int[functions.size()];
        int pc = 0;
        for (int f = reached.nextSetBit(0); f >= 0; f = reached.nextSetBit(f + 1)) {
            start[f] = pc;
            for (Item it : functions.get(f)) {
                pc += slots(it);
            }
        }
        List<Insn> out = new ArrayList<>(pc);
        for (int f = reached.nextSetBit(0); f >= 0; f = reached.nextSetBit(f + 1)) {
            List<Item> items = functions.get(f);
            int[] labels = labelPcs(items, start[f]);
            int at = start[f];
            for (Item it : items) {
                switch (it) {
                    case Op(var insn, var fixed) -> out.add(insn);
                    case Branch(var op, var w, var dst, var src, var label, var fixed) -> {
                        int offset = labels[label] - (at + 1);
                        out.add(op == JmpOp.JA ? new Jump(JmpOp.JA, w, Reg.R0, new Imm(0), offset)
                                : new Jump(op, w, dst, src, offset));
                    }
                    case Mark m -> { }
                    case CallFunction(var callee) -> {
                        out.add(new Alu(AluOp.MOV, Width.W64, Reg.R1, Reg.R6));
                        out.add(new CallLocal(start[callee] - (at + 2)));
                    }
                }
                at += slots(it);
            }
        }
        return InsnSeq.ofInsns(out);
    }

    private void reach(int f, BitSet reached) {
        if (reached.get(f)) {
            return;
        }
        reached.set(f);
        for (Item it : functions.get(f)) {
            if (it instanceof CallFunction(var callee)) {
                reach(callee, reached);
            }
        }
    }

    private static int[] labelPcs(List<Item> items, int start) {
        int max = -1;
        for (Item it : items) {
            if (it instanceof Mark(var label)) {
                max = Math.max(max, label);
            }
        }
        int[] pcs = new int[max + 1];
        int pc = start;
        for (Item it : items) {
            if (it instanceof Mark(var label)) {
                pcs[label] = pc;
            }
            pc += slots(it);
        }
        return pcs;
    }

    private static int slots(Item it) {
        return switch (it) {
            case Op(var insn, var fixed) -> insn.slots();
            case Branch b -> 1;
            case Mark m -> 0;
            case CallFunction c -> 2;
        };
    }
}
