package io.splitbpf.core.insn;

import java.util.Objects;
import java.util.Optional;

/// An instruction with its slot index (`pc`) and, when BTF line info had one, its source line.
public record LabeledInsn(int pc, Insn insn, Optional<SourceLoc> loc) {
    public LabeledInsn {
        Objects.requireNonNull(insn, "insn");
        Objects.requireNonNull(loc, "loc");
        if (pc < 0) {
            throw new IllegalArgumentException("negative pc " + pc);
        }
    }

    public LabeledInsn(int pc, Insn insn) {
        this(pc, insn, Optional.empty());
    }
}
