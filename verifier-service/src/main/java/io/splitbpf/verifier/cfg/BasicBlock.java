package io.splitbpf.verifier.cfg;

import java.util.List;

/// A maximal straight-line run of instructions: control enters only at the first and leaves
/// only after the last.
///
/// @param id the block's index in its [Cfg]
/// @param pcs the instruction indices (slots) of its instructions, in order
public record BasicBlock(int id, List<Integer> pcs) {
    public BasicBlock {
        pcs = List.copyOf(pcs);
        if (pcs.isEmpty()) {
            throw new IllegalArgumentException("a basic block needs at least one instruction");
        }
    }

    public int firstPc() {
        return pcs.getFirst();
    }

    public int lastPc() {
        return pcs.getLast();
    }
}
