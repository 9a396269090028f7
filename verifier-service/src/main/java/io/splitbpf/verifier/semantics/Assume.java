package io.splitbpf.verifier.semantics;

import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Width;
import java.util.Objects;

/// A pseudo-instruction of the verifier's own IR: the condition of a conditional [Jump]
/// assumed to hold (`holds`) or to fail. The CFG turns each conditional jump into one
/// `Assume` per edge; PREVAIL's YAML cases also write them directly (`assume r1 < 10`).
///
/// @param condition the jump whose condition is assumed (its offset is irrelevant)
/// @param holds whether the condition holds (the taken edge) or fails
public record Assume(Jump condition, boolean holds) {
    public Assume {
        Objects.requireNonNull(condition, "condition");
        if (condition.op() == JmpOp.JA) {
            throw new IllegalArgumentException("ja has no condition to assume");
        }
    }

    /// PREVAIL's form, e.g. `assume r1 w== 13`, `assume r1 &!= r2` for a failed `&` test.
    @Override
    public String toString() {
        String op = condition.op().operator();
        if (!holds) {
            op = condition.op() == JmpOp.JSET ? "&!=" : BranchSemantics.negate(condition.op()).operator();
        }
        String w = condition.width() == Width.W32 ? "w" : "";
        return "assume " + condition.dst() + " " + w + op + " " + condition.src();
    }
}
