package io.splitbpf.core.insn;

import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import java.util.Objects;

/// An atomic read-modify-write of `*(size *)(base + offset)` with `src`; with `fetch` the old
/// value goes to `src` (to `r0` for cmpxchg, which compares against `r0`).
public record Atomic(AtomicOp op, boolean fetch, MemSize size, Reg base, short offset, Reg src) implements Insn {
    public Atomic {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(src, "src");
        if (size != MemSize.W && size != MemSize.DW) {
            throw new IllegalArgumentException("atomic operations are 4 or 8 bytes wide");
        }
        if (op.alwaysFetches() && !fetch) {
            throw new IllegalArgumentException(op.mnemonic() + " always fetches");
        }
    }
}
