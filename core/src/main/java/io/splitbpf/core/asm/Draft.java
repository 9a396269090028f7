package io.splitbpf.core.asm;

import io.splitbpf.core.insn.Insn;
import java.util.Optional;
import java.util.function.IntFunction;

/// One parsed instruction before labels are resolved: either complete, or waiting for the
/// slot offset to `label` (`withOffset` builds the instruction from it; `insn` is built with
/// offset 0 and stands in until then, with the right number of slots).
record Draft(Insn insn, Optional<String> label, int column, IntFunction<Insn> withOffset) {
    static Draft of(Insn insn) {
        return new Draft(insn, Optional.empty(), 0, _ -> insn);
    }

    /// An instruction whose offset is `label`'s pc minus the next slot's pc.
    static Draft toLabel(String label, int column, IntFunction<Insn> withOffset) {
        return new Draft(withOffset.apply(0), Optional.of(label), column, withOffset);
    }
}
