package io.splitbpf.core.insn;

import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import java.util.Objects;

/// `*(size *)(base + offset) = src`: class ST with an immediate, STX with a register.
public record Store(MemSize size, Reg base, short offset, Operand src) implements Insn {
    public Store {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(src, "src");
    }
}
