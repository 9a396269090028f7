package io.splitbpf.exec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/// What every engine must do alike; each engine's test extends this.
abstract class EngineContractTest {
    private final ExecutionEngine interpreter = engine();

    abstract ExecutionEngine engine();

    /// Whether programs are loaded bound to the test's tenant memory
    /// ([ExecutionEngine#load(InsnSeq, HelperTable, TenantMemory)]).
    boolean bound() {
        return false;
    }

    private ExecutionEngine.LoadedCode load(InsnSeq program, HelperTable helpers) {
        return bound() ? interpreter.load(program, helpers, memory) : interpreter.load(program, helpers);
    }

    private TenantMemory memory;
    private ExecContext ctx;

    @BeforeEach
    void setUp() {
        memory = TenantMemory.allocate("test", 1 << 16);
        ctx = new ExecContext(memory, 0);
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private long run(HelperTable helpers, long[] args, Insn... insns) {
        return load(InsnSeq.ofInsns(List.of(insns)), helpers).run(ctx.reset(), args);
    }

    private long run(Insn... insns) {
        return run(HelperTable.empty(), new long[0], insns);
    }

    private static Alu mov(Reg dst, int imm) {
        return new Alu(AluOp.MOV, Width.W64, dst, new Imm(imm));
    }

    @Test
    void stackRoundTrip() {
        assertEquals(42, run(mov(Reg.R1, 42),
                new Store(MemSize.DW, Reg.R10, (short) -8, Reg.R1),
                new Load(MemSize.DW, false, Reg.R0, Reg.R10, (short) -8),
                new Exit()));
    }

    @Test
    void accessOutsideTheTenantMemoryFaultsNamingPcAddressAndSize() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(
                LoadImm64.of(Reg.R1, TenantMemory.BASE + memory.capacity()),
                new Store(MemSize.W, Reg.R1, (short) -2, new Imm(1)),
                mov(Reg.R0, 0),
                new Exit()));
        assertEquals(2, e.pc());
        assertTrue(e.getMessage().contains("store of 4 bytes at 0x"), e.getMessage());
    }

    @Test
    void aProgramCannotReachAnotherTenantsMemoryOrTheHost() {
        // A program the verifier would reject: it forges pointers. Every forged address outside
        // the tenant's memory faults, whether it is NULL, a guess at a host address, or just
        // before or past the segment (every engine; the interpreter also holds programs to their
        // regions inside it, see InterpreterContractTest).
        // The address of another tenant's region is, for this tenant, its own address space:
        // reading it never yields the other tenant's bytes.
        try (TenantMemory other = TenantMemory.allocate("other", 1 << 16)) {
            Region secret = other.allocate("secret", 8, 8, true);
            other.write(secret.address(), new byte[] {0x5e, 0x5e, 0x5e, 0x5e, 0, 0, 0, 0});
            long read = run(HelperTable.empty(), new long[0], LoadImm64.of(Reg.R1, secret.address()),
                    new Load(MemSize.W, false, Reg.R0, Reg.R1, (short) 0), new Exit());
            assertEquals(0, read);
            for (long forged : new long[] {0, 0x7fff_0000_0000L, TenantMemory.BASE - 8,
                    TenantMemory.BASE + memory.capacity() - 2, TenantMemory.BASE + memory.capacity() + 64}) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> run(HelperTable.empty(),
                        new long[0], LoadImm64.of(Reg.R1, forged), new Load(MemSize.W, false, Reg.R0, Reg.R1,
                                (short) 0), new Exit()));
                assertEquals(2, e.pc());
            }
        }
    }

    @Test
    void inputRegionIsReadableAndWritable() {
        Region input = memory.allocate("input", 8, 8, true);
        memory.write(input.address(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        long r0 = load(InsnSeq.ofInsns(List.of(
                new Store(MemSize.B, Reg.R1, (short) 0, new Imm(9)),
                new Load(MemSize.W, false, Reg.R0, Reg.R1, (short) 0),
                new Exit())), HelperTable.empty()).run(ctx.reset().allow(input), input.address());
        assertEquals(0x04030209L, r0);
    }

    @Test
    void localCallsGetTheirOwnFrameAndKeepCalleeSavedRegisters() {
        // main: r6 = 5; *(r10-8) = 1; call f; r0 += r6; r0 += *(r10-8); exit
        // f:    r6 = 100; *(r10-8) = 50; r0 = *(r10-8); exit
        assertEquals(56, run(
                mov(Reg.R6, 5),
                new Store(MemSize.DW, Reg.R10, (short) -8, new Imm(1)),
                new CallLocal(4),
                new Alu(AluOp.ADD, Width.W64, Reg.R0, Reg.R6),
                new Load(MemSize.DW, false, Reg.R1, Reg.R10, (short) -8),
                new Alu(AluOp.ADD, Width.W64, Reg.R0, Reg.R1),
                new Exit(),
                mov(Reg.R6, 100),
                new Store(MemSize.DW, Reg.R10, (short) -8, new Imm(50)),
                new Load(MemSize.DW, false, Reg.R0, Reg.R10, (short) -8),
                new Exit()) - 1 + 1);
    }

    @Test
    void callsDeeperThanEightFramesStop() {
        // f calls itself forever.
        List<Insn> insns = new ArrayList<>(List.of(new CallLocal(1), new Exit(), new CallLocal(-1), new Exit()));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> run(HelperTable.empty(), new long[0], insns.toArray(Insn[]::new)));
        assertTrue(e.getMessage().contains("deeper than 8 frames"), e.getMessage());
    }

    @Test
    void helpersGetArgumentsAndClobberR1ToR5() {
        HelperTable helpers = HelperTable.builder().add(7, "sum", (c, a, b, x, y, z) -> a + b + x + y + z).build();
        assertEquals(15, run(helpers, new long[0], mov(Reg.R1, 1), mov(Reg.R2, 2), mov(Reg.R3, 3), mov(Reg.R4, 4),
                mov(Reg.R5, 5), new Call(7), new Alu(AluOp.ADD, Width.W64, Reg.R0, Reg.R1), new Exit()));
    }

    @Test
    void unknownHelpersAreRefusedAtLoad() {
        LoadException e = assertThrows(LoadException.class, () -> run(new Call(99), new Exit()));
        assertTrue(e.getMessage().contains("unknown helper 99"), e.getMessage());
    }

    @Test
    void structuralChecksRefuseBadPrograms() {
        assertThrows(LoadException.class, () -> run(Jump.ja(5), new Exit()));
        assertThrows(LoadException.class, () -> run(Jump.ja(-1), new Exit()));
        assertThrows(LoadException.class, () -> run(mov(Reg.R0, 1)));
        assertThrows(LoadException.class, () -> run(mov(Reg.R10, 1), new Exit()));
        LoadException mid = assertThrows(LoadException.class, () -> run(Jump.ja(1), LoadImm64.of(Reg.R0, 1), new Exit()));
        assertTrue(mid.getMessage().contains("middle of lddw"), mid.getMessage());
    }

    @Test
    void helperCanEndTheProgram() {
        HelperTable helpers = HelperTable.builder().add(5, "unwind", (c, a, b, x, y, z) -> {
            c.requestExit(0);
            return 0;
        }).build();
        assertEquals(0, run(helpers, new long[0], mov(Reg.R0, 3), new Call(5), mov(Reg.R0, 2), new Exit()));
    }

    @Test
    void anExitRequestDoesNotOutliveItsRun() {
        HelperTable helpers = HelperTable.builder().add(5, "unwind", (c, a, b, x, y, z) -> {
            if (a == 0) {
                c.requestExit(7);
            }
            return a;
        }).build();
        ExecutionEngine.LoadedCode code = load(InsnSeq.ofInsns(List.of(new Call(5), mov(Reg.R0, 2), new Exit())),
                helpers);
        assertEquals(7, code.run(ctx.reset(), 0));
        // The same context, not reset: the next run must not stop at its first helper call.
        assertEquals(2, code.run(ctx, 1));
    }

    private static final long LOW = 0x1122_3344_5566_7788L;
    private static final long HIGH = 0x99aa_bbcc_ddee_ff00L;
    private static final long SRC = 0x0f0f_0f0f_f0f0_f0f0L;

    /// The 16 stack bytes `[r10 - 16, r10)` holding LOW then HIGH, little endian.
    private static ByteBuffer window() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, LOW).putLong(8, HIGH);
    }

    /// Runs `op` at `r10 + off` (misaligned) over [#window()], r0 = `expected`, and returns
    /// {the fetched register (r0 for cmpxchg), the 8 bytes at `r10 + off` afterwards}.
    private long[] atomicOnStack(AtomicOp op, boolean fetch, MemSize size, short off, long expected) {
        Reg fetched = op == AtomicOp.CMPXCHG ? Reg.R0 : Reg.R1;
        Insn[] setup = {LoadImm64.of(Reg.R2, LOW), new Store(MemSize.DW, Reg.R10, (short) -16, Reg.R2),
            LoadImm64.of(Reg.R2, HIGH), new Store(MemSize.DW, Reg.R10, (short) -8, Reg.R2),
            LoadImm64.of(Reg.R1, SRC), LoadImm64.of(Reg.R0, expected), new Atomic(op, fetch, size, Reg.R10, off, Reg.R1)};
        long got = run(concat(setup, new Alu(AluOp.MOV, Width.W64, Reg.R0, fetched), new Exit()));
        long after = run(concat(setup, new Load(MemSize.DW, false, Reg.R0, Reg.R10, off), new Exit()));
        return new long[] {got, after};
    }

    private static Insn[] concat(Insn[] a, Insn... b) {
        List<Insn> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(Insn[]::new);
    }

    /// What the operation leaves in memory that held `old` (the reference for the test below).
    private static long apply(AtomicOp op, long old, long src, boolean matches) {
        return switch (op) {
            case ADD -> old + src;
            case OR -> old | src;
            case AND -> old & src;
            case XOR -> old ^ src;
            case XCHG -> src;
            case CMPXCHG -> matches ? src : old;
        };
    }

    @Test
    void misalignedAtomicsOnTheStackReadModifyWriteTheirBytes() {
        for (AtomicOp op : AtomicOp.values()) {
            for (MemSize size : new MemSize[] {MemSize.W, MemSize.DW}) {
                short off = (short) (size == MemSize.DW ? -13 : -11);
                int at = 16 + off;
                ByteBuffer w = window();
                long old = size == MemSize.DW ? w.getLong(at) : w.getInt(at) & 0xffff_ffffL;
                for (long expected : new long[] {old, old ^ 1}) {
                    boolean matches = size == MemSize.DW ? old == expected : (int) old == (int) expected;
                    long updated = apply(op, old, SRC, matches);
                    if (size == MemSize.DW) {
                        w.putLong(at, updated);
                    } else {
                        w.putInt(at, (int) updated);
                    }
                    long[] got = atomicOnStack(op, true, size, off, expected);
                    String what = op + " " + size + " r0=" + Long.toHexString(expected);
                    assertEquals(old, got[0], what + ": fetched value");
                    assertEquals(w.getLong(at), got[1], what + ": memory afterwards");
                    w = window();
                }
            }
        }
    }

    @Test
    void misalignedAtomicsOutsideTheTenantMemoryStillFault() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(
                LoadImm64.of(Reg.R1, TenantMemory.BASE + memory.capacity() - 5),
                mov(Reg.R2, 1),
                new Atomic(AtomicOp.ADD, false, MemSize.DW, Reg.R1, (short) 0, Reg.R2),
                mov(Reg.R0, 0),
                new Exit()));
        assertEquals(3, e.pc());
    }

    @Test
    void misalignedAtomicsOnOtherMemoryStayInBounds() {
        Region input = memory.allocate("input", 16, 8, true);
        long r0 = interpreter.load(InsnSeq.ofInsns(List.of(
                mov(Reg.R2, 0x100),
                new Atomic(AtomicOp.ADD, true, MemSize.W, Reg.R1, (short) 6, Reg.R2),
                new Load(MemSize.DW, false, Reg.R0, Reg.R1, (short) 0),
                new Exit())), HelperTable.empty()).run(ctx.reset().allow(input), input.address());
        assertEquals(0x0100_0000_0000_0000L, r0);
    }
}
