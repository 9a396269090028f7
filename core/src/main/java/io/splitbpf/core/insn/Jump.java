package io.splitbpf.core.insn;

import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import java.util.Objects;

/// A jump to `pc + 1 + offset` when `dst op src` holds (always, for `ja`). `ja` takes `r0`
/// and `Imm(0)` as its unused operands; the 32-bit form of `ja` (`gotol`) carries the offset
/// in the immediate, so `offset` is an `int`.
public record Jump(JmpOp op, Width width, Reg dst, Operand src, int offset) implements Insn {
    public Jump {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
        if (op == JmpOp.JA && (dst != Reg.R0 || !(src instanceof Imm(var v) && v == 0))) {
            throw new IllegalArgumentException("ja takes no operands");
        }
        if (!(op == JmpOp.JA && width == Width.W32) && (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE)) {
            throw new IllegalArgumentException("jump offset " + offset + " does not fit in 16 bits");
        }
    }

    /// An unconditional jump.
    public static Jump ja(int offset) {
        return new Jump(JmpOp.JA, Width.W64, Reg.R0, new Imm(0), offset);
    }

    /// The pc this jump lands on when taken, from the pc of the jump itself.
    public int target(int pc) {
        return pc + 1 + offset;
    }
}
