package io.splitbpf.verifier.cfg;

import io.splitbpf.core.insn.InsnSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/// The control-flow graph of one function (the main program or a bpf-to-bpf callee): its
/// basic blocks, block 0 being the entry, and the edges between them. [#EXIT] stands for the
/// function's exit; calls are ordinary instructions inside a block (callees have their own
/// `Cfg`, analysed per call site).
///
/// @param entryPc the pc of the function's first instruction
/// @param insns the whole program the blocks index into
/// @param blocks the blocks, by id
/// @param edges every edge, in block order
public record Cfg(int entryPc, InsnSeq insns, List<BasicBlock> blocks, List<Edge> edges) {
    /// The id of the virtual exit node.
    public static final int EXIT = -1;

    public Cfg {
        blocks = List.copyOf(blocks);
        edges = List.copyOf(edges);
    }

    public List<Edge> successors(int block) {
        return edges.stream().filter(e -> e.from() == block).toList();
    }

    public List<Edge> predecessors(int block) {
        return edges.stream().filter(e -> e.to() == block).toList();
    }

    /// Successor ids per block, for graph algorithms (exit edges left out).
    public Map<Integer, List<Integer>> successorIds() {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (BasicBlock b : blocks) {
            out.put(b.id(), new ArrayList<>());
        }
        for (Edge e : edges) {
            if (e.to() != EXIT && !out.get(e.from()).contains(e.to())) {
                out.get(e.from()).add(e.to());
            }
        }
        return out;
    }

    public BasicBlock block(int id) {
        return blocks.get(id);
    }
}
