package io.splitbpf.core.insn;

import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import java.util.Objects;

/// The legacy packet loads: `r0 = ntoh(*(size *)(skb->data + imm))` (ld_abs) or
/// `... + index + imm)` (ld_ind). `index` is ignored (and encoded as 0) for ld_abs.
public record PacketLoad(MemSize size, boolean indirect, Reg index, int imm) implements Insn {
    public PacketLoad {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(index, "index");
        if (size == MemSize.DW) {
            throw new IllegalArgumentException("no 8-byte legacy packet load");
        }
    }
}
