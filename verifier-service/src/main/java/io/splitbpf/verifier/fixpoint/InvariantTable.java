package io.splitbpf.verifier.fixpoint;

import io.splitbpf.verifier.domain.ebpf.EbpfState;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/// The pre-state of every analysed instruction of the outermost frame, by pc, and the state
/// at the program's exit.
///
/// @param pre the pre-state by pc (sorted)
/// @param exit the join of the states at every exit
public record InvariantTable(SortedMap<Integer, EbpfState> pre, EbpfState exit) {
    public InvariantTable {
        pre = Collections.unmodifiableSortedMap(new TreeMap<>(pre));
    }
}
