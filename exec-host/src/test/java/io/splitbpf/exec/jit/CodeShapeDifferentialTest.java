package io.splitbpf.exec.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.HelperTable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/// The code shapes the JIT chooses for speed give the interpreter's results: back edges
/// (emitted as an inverted branch over a `goto`) for every comparison, and the fused
/// `<<= 32; s>>= 32` / `>>= 32` extension, which must not be fused when a jump lands between
/// the two shifts.
class CodeShapeDifferentialTest {
    private static final long[] VALUES = {0, 1, 2, -1, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0001L,
            Long.MIN_VALUE, Long.MAX_VALUE, -0x8000_0000L};

    private final ExecutionEngine interpreter = new Interpreter();
    private final ExecutionEngine jit = new JitCompiler();
    private TenantMemory memory;
    private ExecContext ctx;

    @BeforeEach
    void setUp() {
        memory = TenantMemory.allocate("shape", 1 << 16);
        ctx = new ExecContext(memory, 0);
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private long run(ExecutionEngine engine, InsnSeq program, long r1, long r2) {
        return engine.load(program, HelperTable.empty()).run(ctx.reset(), r1, r2);
    }

    private void assertSame(InsnSeq program, long r1, long r2) {
        assertEquals(run(interpreter, program, r1, r2), run(jit, program, r1, r2),
                () -> program + " with r1 = 0x" + Long.toHexString(r1) + ", r2 = 0x" + Long.toHexString(r2));
    }

    /// `r0 = 0; goto compare; taken: r0 = 1; exit; compare: if r1 OP src goto taken; exit`.
    private static InsnSeq backEdge(JmpOp op, Width width, Operand src) {
        List<Insn> insns = new ArrayList<>();
        insns.add(new Alu(AluOp.MOV, Width.W64, Reg.R0, new Imm(0)));
        insns.add(new Jump(JmpOp.JA, Width.W64, Reg.R0, new Imm(0), 2));
        insns.add(new Alu(AluOp.MOV, Width.W64, Reg.R0, new Imm(1)));
        insns.add(new Exit());
        insns.add(new Jump(op, width, Reg.R1, src, -3));
        insns.add(new Exit());
        return InsnSeq.ofInsns(insns);
    }

    @TestFactory
    Stream<DynamicTest> backwardConditionalJumpsAgreeWithTheInterpreter() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JmpOp op : JmpOp.values()) {
            if (op == JmpOp.JA) {
                continue;
            }
            for (Width w : Width.values()) {
                tests.add(DynamicTest.dynamicTest(op + " " + w, () -> {
                    InsnSeq byReg = backEdge(op, w, Reg.R2);
                    for (long a : VALUES) {
                        for (long b : VALUES) {
                            assertSame(byReg, a, b);
                        }
                        for (long b : VALUES) {
                            assertSame(backEdge(op, w, new Imm((int) b)), a, 0);
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void aBackwardJumpLoopsAsOften() {
        InsnSeq loop = Assembler.of(Dialect.LLVM).assemble("""
                r0 = 0
                r0 += 3
                r1 += -1
                if r1 s> 0 goto -3
                exit""");
        assertEquals(30, run(jit, loop, 10, 0));
        assertSame(loop, 10, 0);
    }

    @Test
    void shiftPairsExtendTheLowHalf() {
        InsnSeq signed = Assembler.of(Dialect.LLVM).assemble("r1 <<= 32\nr1 s>>= 32\nr0 = r1\nexit");
        InsnSeq unsigned = Assembler.of(Dialect.LLVM).assemble("r1 <<= 32\nr1 >>= 32\nr0 = r1\nexit");
        assertEquals(0xffff_ffff_8000_0000L, run(jit, signed, 0x1_8000_0000L, 0));
        assertEquals(0x8000_0000L, run(jit, unsigned, 0x1_8000_0000L, 0));
        for (long v : VALUES) {
            assertSame(signed, v, 0);
            assertSame(unsigned, v, 0);
        }
    }

    @Test
    void aShiftPairIsNotFusedWhenAJumpLandsBetweenTheShifts() {
        // With r2 == 0 the program skips the left shift: r1 s>>= 32 alone.
        InsnSeq program = InsnSeq.ofInsns(List.of(
                new Jump(JmpOp.JEQ, Width.W64, Reg.R2, new Imm(0), 1),
                new Alu(AluOp.LSH, Width.W64, Reg.R1, new Imm(32)),
                new Alu(AluOp.ARSH, Width.W64, Reg.R1, new Imm(32)),
                new Alu(AluOp.MOV, Width.W64, Reg.R0, Reg.R1),
                new Exit()));
        assertEquals(-1, run(jit, program, 0xffff_ffff_0000_0000L, 0));
        assertEquals(0, run(jit, program, 0xffff_ffff_0000_0000L, 1));
        for (long v : VALUES) {
            assertSame(program, v, 0);
            assertSame(program, v, 1);
        }
    }

    @Test
    void otherShiftPairsAreLeftAlone() {
        for (String asm : List.of("r1 <<= 32\nr2 s>>= 32\nr0 = r1\nr0 += r2\nexit",
                "r1 <<= 31\nr1 s>>= 31\nr0 = r1\nexit", "r1 <<= 32\nr1 s>>= 31\nr0 = r1\nexit",
                "w1 <<= 16\nw1 s>>= 16\nr0 = r1\nexit", "r1 s>>= 32\nr1 <<= 32\nr0 = r1\nexit")) {
            InsnSeq program = Assembler.of(Dialect.LLVM).assemble(asm);
            for (long v : VALUES) {
                assertSame(program, v, v ^ 0x1234_5678_9abc_def0L);
            }
        }
    }

    @Test
    void registersNeverReadNeedNoInitialValue() {
        // r6-r9 are only written: the JVM must still accept the class (no definite-assignment
        // problem), and r0 read after a write-only register keeps its own value.
        InsnSeq program = Assembler.of(Dialect.LLVM).assemble("r6 = 1\nr7 = 2\nr8 = 3\nr9 = 4\nr0 = r1\nexit");
        assertEquals(5, run(jit, program, 5, 0));
        InsnSeq readsUnwritten = InsnSeq.ofInsns(List.of(LoadImm64.of(Reg.R1, 0),
                new Alu(AluOp.MOV, Width.W64, Reg.R0, Reg.R6), new Exit()));
        assertSame(readsUnwritten, 0, 0);
    }
}
