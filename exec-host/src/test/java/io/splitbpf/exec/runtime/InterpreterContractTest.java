package io.splitbpf.exec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterpreterContractTest extends EngineContractTest {
    @Override
    ExecutionEngine engine() {
        return new Interpreter();
    }

    /// The interpreter checks every access against the run's regions, not only the segment.
    @Test
    void accessesOutsideTheRunsRegionsFaultEvenInsideTheTenantMemory() {
        try (TenantMemory memory = TenantMemory.allocate("test", 1 << 16)) {
            ExecContext ctx = new ExecContext(memory, 0);
            for (long addr : new long[] {TenantMemory.BASE, ctx.frameTop(), TenantMemory.BASE + memory.capacity() - 4}) {
                InsnSeq seq = InsnSeq.ofInsns(List.of(LoadImm64.of(Reg.R1, addr),
                        new Store(MemSize.W, Reg.R1, (short) 0, new Imm(1)),
                        new Alu(AluOp.MOV, Width.W64, Reg.R0, new Imm(0)), new Exit()));
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> engine().load(seq, HelperTable.empty()).run(ctx.reset()));
                assertEquals(2, e.pc());
                assertTrue(e.getMessage().contains("outside the memory the program may touch (stack)"), e.getMessage());
            }
        }
    }

    @Test
    void instructionLimitStopsLoops() {
        try (TenantMemory memory = TenantMemory.allocate("test", 1 << 16)) {
            ExecContext ctx = new ExecContext(memory, 0).instructionLimit(1000);
            Insn[] loop = {new Alu(AluOp.MOV, Width.W64, Reg.R0, new Imm(0)),
                new Alu(AluOp.ADD, Width.W64, Reg.R0, new Imm(1)), Jump.ja(-2), new Exit()};
            InsnSeq seq = InsnSeq.ofInsns(List.of(loop));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> engine().load(seq, HelperTable.empty()).run(ctx));
            assertTrue(e.getMessage().contains("instruction limit of 1000"), e.getMessage());
        }
    }
}
