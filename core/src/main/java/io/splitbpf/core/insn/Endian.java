package io.splitbpf.core.insn;

import io.splitbpf.core.isa.EndianOp;
import io.splitbpf.core.isa.Reg;
import java.util.Objects;

/// Byte order conversion of the low `bits` (16, 32 or 64) of `dst`, zero-extending the result.
public record Endian(EndianOp op, int bits, Reg dst) implements Insn {
    public Endian {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(dst, "dst");
        if (bits != 16 && bits != 32 && bits != 64) {
            throw new IllegalArgumentException("byte swap of " + bits + " bits (16, 32 or 64)");
        }
    }
}
