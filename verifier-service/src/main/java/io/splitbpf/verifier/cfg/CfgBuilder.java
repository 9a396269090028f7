package io.splitbpf.verifier.cfg;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.report.Finding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/// Builds the [ProgramCfg] of an instruction sequence and reports structural faults: jumps out
/// of range or into the middle of an `lddw`, fall-through off the end, recursion, call chains
/// deeper than the frame limit, writes to the read-only frame pointer r10, and unreachable
/// instructions (reported, not an error).
public final class CfgBuilder {
    /// The Linux limit on bpf-to-bpf call frames.
    public static final int MAX_CALL_FRAMES = 8;

    private final InsnSeq seq;
    private final boolean openEnd;
    private final List<Finding> findings = new ArrayList<>();
    private final SortedSet<Integer> reached = new TreeSet<>();

    private CfgBuilder(InsnSeq seq, boolean openEnd) {
        this.seq = seq;
        this.openEnd = openEnd;
    }

    /// Builds the CFGs of `seq`, whose main function starts at pc 0. With `openEnd`, falling
    /// off the end of the code, or jumping just past it, is a return (PREVAIL's YAML cases end
    /// that way) instead of an error.
    public static ProgramCfg build(InsnSeq seq, boolean openEnd) {
        if (seq.slotCount() == 0) {
            throw new IllegalArgumentException("empty program");
        }
        return new CfgBuilder(seq, openEnd).run();
    }

    private ProgramCfg run() {
        SortedMap<Integer, Cfg> functions = new TreeMap<>();
        SortedMap<Integer, SortedSet<Integer>> calls = new TreeMap<>();
        Cfg main = function(0, calls);
        Deque<Integer> pending = new ArrayDeque<>(calls.get(0));
        while (!pending.isEmpty()) {
            int entry = pending.poll();
            if (!functions.containsKey(entry)) {
                functions.put(entry, function(entry, calls));
                pending.addAll(calls.get(entry));
            }
        }
        checkCallGraph(calls);
        for (LabeledInsn li : seq.insns()) {
            if (!reached.contains(li.pc())) {
                findings.add(new Finding(li.pc(), "Code is unreachable", "", false));
            } else if (writesFramePointer(li.insn())) {
                // Invariant: every transfer function and stack check relies on r10 holding the
                // frame's top; a program that moves it is refused before the analysis runs.
                findings.add(new Finding(li.pc(), "Frame pointer is read-only", "r10", true));
            }
        }
        return new ProgramCfg(main, functions, findings);
    }

    /// Whether `insn` writes r10: as the destination of an ALU operation, byte swap, `lddw` or
    /// load, or as the register a fetching atomic loads the old value into.
    private static boolean writesFramePointer(Insn insn) {
        return switch (insn) {
            case Alu a -> a.dst() == Reg.R10;
            case Endian e -> e.dst() == Reg.R10;
            case LoadImm64 l -> l.dst() == Reg.R10;
            case Load l -> l.dst() == Reg.R10;
            case Atomic a -> a.fetch() && a.op() != AtomicOp.CMPXCHG && a.src() == Reg.R10;
            default -> false;
        };
    }

    private Cfg function(int entry, SortedMap<Integer, SortedSet<Integer>> calls) {
        SortedSet<Integer> pcs = new TreeSet<>();
        SortedSet<Integer> leaders = new TreeSet<>(List.of(entry));
        SortedSet<Integer> callees = new TreeSet<>();
        Deque<Integer> work = new ArrayDeque<>(List.of(entry));
        while (!work.isEmpty()) {
            int pc = work.pop();
            if (!pcs.add(pc)) {
                continue;
            }
            Insn insn = seq.at(pc).insn();
            for (int next : successors(pc, insn, leaders)) {
                work.push(next);
            }
            if (insn instanceof CallLocal c && valid(pc, c.target(pc))) {
                callees.add(c.target(pc));
            }
        }
        reached.addAll(pcs);
        calls.put(entry, callees);
        return blocks(entry, pcs, leaders);
    }

    /// The pcs control may reach next; jump targets and the instruction after a jump become
    /// leaders. Invalid targets are reported and dropped.
    private List<Integer> successors(int pc, Insn insn, SortedSet<Integer> leaders) {
        List<Integer> out = new ArrayList<>();
        int next = pc + insn.slots();
        switch (insn) {
            case Exit() -> { }
            case Jump j -> {
                if (valid(pc, j.target(pc))) {
                    out.add(j.target(pc));
                    leaders.add(j.target(pc));
                }
                if (j.op() != JmpOp.JA) {
                    fallThrough(pc, next, out);
                    leaders.add(next);
                }
            }
            default -> fallThrough(pc, next, out);
        }
        return out;
    }

    private void fallThrough(int pc, int next, List<Integer> out) {
        if (next < seq.slotCount()) {
            out.add(next);
        } else if (!openEnd) {
            findings.add(new Finding(pc, "Fall-through off the end of the program", "", true));
        }
    }

    private boolean valid(int pc, int target) {
        if (openEnd && target == seq.slotCount()) {
            return false;
        }
        if (target < 0 || target >= seq.slotCount()) {
            findings.add(new Finding(pc, "Jump out of bounds", "to " + target, true));
            return false;
        }
        if (seq.at(target) == null) {
            findings.add(new Finding(pc, "Jump to the middle of lddw", "to " + target, true));
            return false;
        }
        return true;
    }

    private Cfg blocks(int entry, SortedSet<Integer> pcs, SortedSet<Integer> leaders) {
        List<List<Integer>> runs = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int expected = -1;
        for (int pc : reorder(entry, pcs)) {
            if (!current.isEmpty() && (leaders.contains(pc) || pc != expected || endsBlock(current.getLast()))) {
                runs.add(current);
                current = new ArrayList<>();
            }
            current.add(pc);
            expected = pc + seq.at(pc).insn().slots();
        }
        runs.add(current);
        List<BasicBlock> blocks = new ArrayList<>();
        TreeMap<Integer, Integer> idByFirst = new TreeMap<>();
        for (List<Integer> run : runs) {
            idByFirst.put(run.getFirst(), blocks.size());
            blocks.add(new BasicBlock(blocks.size(), run));
        }
        List<Edge> edges = new ArrayList<>();
        for (BasicBlock b : blocks) {
            edges.addAll(edgesOut(b, idByFirst));
        }
        return new Cfg(entry, seq, blocks, edges);
    }

    /// The function's pcs with the entry first (a callee's entry may not be its lowest pc).
    private static List<Integer> reorder(int entry, SortedSet<Integer> pcs) {
        List<Integer> out = new ArrayList<>(pcs.tailSet(entry));
        out.addAll(pcs.headSet(entry));
        return out;
    }

    private boolean endsBlock(int pc) {
        Insn insn = seq.at(pc).insn();
        return insn instanceof Jump || insn instanceof Exit;
    }

    private List<Edge> edgesOut(BasicBlock b, TreeMap<Integer, Integer> idByFirst) {
        int pc = b.lastPc();
        Insn insn = seq.at(pc).insn();
        int next = pc + insn.slots();
        Integer fall = idByFirst.get(next);
        List<Edge> out = new ArrayList<>();
        switch (insn) {
            case Exit() -> out.add(new Edge(b.id(), Cfg.EXIT, Edge.Kind.RETURN));
            case Jump j when j.op() == JmpOp.JA -> addOrReturn(out, b.id(), idByFirst.get(j.target(pc)), j.target(pc),
                    Edge.Kind.GOTO);
            case Jump j -> {
                addOrReturn(out, b.id(), idByFirst.get(j.target(pc)), j.target(pc), Edge.Kind.TAKEN);
                addOrReturn(out, b.id(), fall, next, Edge.Kind.NOT_TAKEN);
            }
            default -> addOrReturn(out, b.id(), fall, next, Edge.Kind.FALLTHROUGH);
        }
        return out;
    }

    /// An edge to `to`, or, when `next` is just past the end of open-ended code, to the exit
    /// (keeping the kind of a branch edge, whose condition still refines the exit state).
    private void addOrReturn(List<Edge> out, int from, Integer to, int next, Edge.Kind kind) {
        if (to != null) {
            out.add(new Edge(from, to, kind));
        } else if (next == seq.slotCount() && openEnd) {
            out.add(new Edge(from, Cfg.EXIT, kind == Edge.Kind.FALLTHROUGH ? Edge.Kind.RETURN : kind));
        }
    }

    private void checkCallGraph(SortedMap<Integer, SortedSet<Integer>> calls) {
        depth(0, calls, new ArrayList<>());
    }

    private void depth(int fn, SortedMap<Integer, SortedSet<Integer>> calls, List<Integer> path) {
        if (path.contains(fn)) {
            findings.add(new Finding(fn, "Illegal recursion", "call chain " + path, true));
            return;
        }
        path.add(fn);
        if (path.size() > MAX_CALL_FRAMES) {
            findings.add(new Finding(fn, "Too many call stack frames", path.size() + " > " + MAX_CALL_FRAMES, true));
        } else {
            for (int callee : calls.getOrDefault(fn, new TreeSet<>())) {
                depth(callee, calls, path);
            }
        }
        path.removeLast();
    }
}
