package io.splitbpf.core.insn;

import io.splitbpf.core.isa.Reg;
import java.util.Objects;

/// `callx`: a call of the helper whose id `target` holds.
public record CallReg(Reg target) implements Insn {
    public CallReg {
        Objects.requireNonNull(target, "target");
    }
}
