package io.splitbpf.exec.runtime;

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
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.Reg;
import java.util.TreeSet;

/// The structural checks every engine makes before it runs a program, whether or not a
/// verifier has seen it: they keep the engines themselves well defined (no jump into the
/// middle of an `lddw`, no fall-through off a function's end, no call of a helper the host does
/// not have). Safety of memory accesses is not checked here: that is the verifier's proof and,
/// at run time, the tenant memory's bounds.
public final class ProgramValidator {
    /// The largest program, in slots (Linux's limit for privileged loaders).
    public static final int MAX_SLOTS = 1_000_000;

    private ProgramValidator() {}

    /// Checks `program` against `helpers`.
    ///
    /// @throws LoadException naming the first problem and its pc
    public static void validate(InsnSeq program, HelperTable helpers) {
        int slots = program.slotCount();
        if (slots == 0) {
            throw new LoadException(-1, "the program has no instructions");
        }
        if (slots > MAX_SLOTS) {
            throw new LoadException(-1, "too many instructions (" + slots + ", at most " + MAX_SLOTS + ")");
        }
        TreeSet<Integer> functions = new TreeSet<>();
        functions.add(0);
        for (LabeledInsn li : program.insns()) {
            int pc = li.pc();
            switch (li.insn()) {
                case Jump j -> {
                    int target = j.target(pc);
                    checkTarget(program, pc, target, "jump");
                    if (target == pc) {
                        throw new LoadException(pc, "infinite loop: the jump targets itself");
                    }
                }
                case CallLocal c -> {
                    int target = c.target(pc);
                    checkTarget(program, pc, target, "call");
                    functions.add(target);
                }
                case Call(var id) -> {
                    if (helpers.lookup(id).isEmpty()) {
                        throw new LoadException(pc, "call of unknown helper " + id);
                    }
                }
                case CallKfunc k -> throw new LoadException(pc, "calls of kernel functions (kfunc " + k.btfId()
                        + ") are not supported");
                case LoadImm64 l -> {
                    if (l.source() != PseudoSource.IMM64) {
                        throw new LoadException(pc, "lddw with pseudo source " + l.source()
                                + " was not bound to a map or function at load time");
                    }
                    writes(pc, l.dst());
                }
                case Alu a -> writes(pc, a.dst());
                case Endian e -> writes(pc, e.dst());
                case Load l -> writes(pc, l.dst());
                case Atomic a -> {
                    if (a.fetch() && a.op() != io.splitbpf.core.isa.AtomicOp.CMPXCHG) {
                        writes(pc, a.src());
                    }
                }
                case Store s -> { }
                case PacketLoad p -> { }
                case CallReg c -> { }
                case Exit e -> { }
            }
        }
        // Jumps stay inside their function: functions are entered only by calls.
        for (LabeledInsn li : program.insns()) {
            if (li.insn() instanceof Jump j) {
                int from = functions.floor(li.pc());
                int to = functions.floor(j.target(li.pc()));
                if (from != to) {
                    throw new LoadException(li.pc(), "jump out of the function at pc " + from + " into the function at pc "
                            + to + " (target pc " + j.target(li.pc()) + ")");
                }
            }
        }
        // Every function (the program and each call target) must end in exit or an
        // unconditional jump, so that no path falls into the next function or off the end.
        Integer[] starts = functions.toArray(Integer[]::new);
        for (int i = 0; i < starts.length; i++) {
            int end = i + 1 < starts.length ? starts[i + 1] : slots;
            LabeledInsn last = lastBefore(program, end);
            if (last == null || last.pc() < starts[i] || !endsFunction(last.insn())) {
                int pc = last == null ? end - 1 : last.pc();
                throw new LoadException(pc, i == 0 && starts.length == 1
                        ? "the program does not end with exit or an unconditional jump"
                        : "the function at pc " + starts[i] + " does not end with exit or an unconditional jump");
            }
        }
    }

    private static void checkTarget(InsnSeq program, int pc, int target, String what) {
        if (target < 0 || target >= program.slotCount()) {
            throw new LoadException(pc, what + " out of bounds: target pc " + target + " is outside 0.."
                    + (program.slotCount() - 1));
        }
        if (program.at(target) == null) {
            throw new LoadException(pc, what + " into the middle of lddw at pc " + (target - 1));
        }
    }

    private static void writes(int pc, Reg dst) {
        if (dst == Reg.R10) {
            throw new LoadException(pc, "r10 is read-only");
        }
    }

    private static LabeledInsn lastBefore(InsnSeq program, int end) {
        for (int pc = end - 1; pc >= 0; pc--) {
            LabeledInsn li = program.at(pc);
            if (li != null) {
                return li;
            }
        }
        return null;
    }

    private static boolean endsFunction(Insn insn) {
        return insn instanceof Exit || insn instanceof Jump j && j.op() == JmpOp.JA;
    }
}
