package io.splitbpf.core.insn;

import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import java.util.Objects;

/// `dst = *(size *)(base + offset)`, zero- or (mode MEMSX) sign-extended.
public record Load(MemSize size, boolean signExtend, Reg dst, Reg base, short offset) implements Insn {
    public Load {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(base, "base");
        if (signExtend && size == MemSize.DW) {
            throw new IllegalArgumentException("no sign-extending load of 8 bytes");
        }
    }
}
