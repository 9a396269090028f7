package io.splitbpf.exec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

/// The engine contract for JIT code bound to its tenant's memory (the segment a constant of
/// the program's class): the same results and the same faults as unbound code.
class BoundJitContractTest extends EngineContractTest {
    @Override
    ExecutionEngine engine() {
        return new JitCompiler();
    }

    @Override
    boolean bound() {
        return true;
    }

    @Test
    void boundCodeRefusesAContextOfAnotherMemory() {
        InsnSeq program = InsnSeq.ofInsns(List.of(new Alu(AluOp.MOV, Width.W64, Reg.R0, new Imm(7)), new Exit()));
        try (TenantMemory mine = TenantMemory.allocate("mine", 1 << 16);
                TenantMemory other = TenantMemory.allocate("other", 1 << 16)) {
            ExecutionEngine.LoadedCode code = engine().load(program, HelperTable.empty(), mine);
            assertEquals(7, code.run(new ExecContext(mine, 0)));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> code.run(new ExecContext(other, 0)));
            assertEquals("the program is compiled for another tenant's memory", e.getMessage());
        }
    }
}
