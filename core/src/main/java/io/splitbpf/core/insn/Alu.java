package io.splitbpf.core.insn;

import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import java.util.Objects;

/// Arithmetic: `dst = dst op src` (or `dst = -dst`, `dst = src`, `dst = (sN) src`).
/// `neg` takes `Imm(0)` as its source; sign-extending moves take a register.
public record Alu(AluOp op, Width width, Reg dst, Operand src) implements Insn {
    public Alu {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
        if (op == AluOp.NEG && !(src instanceof Imm(var v) && v == 0)) {
            throw new IllegalArgumentException("neg takes no source operand");
        }
        if (op.isMovSx() && !(src instanceof Reg)) {
            throw new IllegalArgumentException(op.mnemonic() + " needs a source register");
        }
        if (op == AluOp.MOVSX32 && width == Width.W32) {
            throw new IllegalArgumentException("movsx32 exists only as a 64-bit operation");
        }
    }
}
