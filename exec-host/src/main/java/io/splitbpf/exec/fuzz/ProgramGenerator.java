package io.splitbpf.exec.fuzz;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.EndianOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.fuzz.FuzzProgram.Branch;
import io.splitbpf.exec.fuzz.FuzzProgram.CallFunction;
import io.splitbpf.exec.fuzz.FuzzProgram.Item;
import io.splitbpf.exec.fuzz.FuzzProgram.Mark;
import io.splitbpf.exec.fuzz.FuzzProgram.Op;
import io.splitbpf.exec.runtime.ExecContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/// Generates random programs that are well-formed and terminate by construction, from a seed:
/// the same seed always gives the same program.
///
/// The programs use every instruction family: ALU and ALU64 operations with immediates and
/// registers (division and modulo by zero and `MIN / -1`, shifts by large counts, sign-extending
/// moves, negation), byte swaps, `lddw`, loads (also sign-extending), stores and atomics of
/// every size on the stack and on the input buffer, `jmp` and `jmp32` with every condition,
/// `ja`/`gotol`, bounded loops, helper calls (also through `callx`), legacy packet loads and
/// bpf-to-bpf calls. The rules that keep them well-formed:
///
/// - Every function starts by setting every register it reads (r6 = r1, the input pointer,
///   which is never written again); a callee's r0 and r6–r9 are set by fixed items.
/// - Memory is reached only through r10 (its own frame, `[r10 - 512, r10)`) and r6 (the input
///   buffer, `[r6, r6 + INPUT_SIZE)`), in bounds; most atomics are naturally aligned, some
///   are not.
/// - Forward jumps skip a nested block; the only backward jumps close loops whose counter
///   (r9 for an outer loop, r8 for an inner one) no instruction in the body writes, and which
///   count to a bound of at most [#MAX_TRIPS].
/// - Function `i` calls only functions `j > i`, at most [#MAX_FUNCTIONS] of them, so the call
///   depth stays below [ExecContext#MAX_FRAMES]; calls inside inner loops are not generated,
///   which keeps the instruction count small.
/// - Helper calls use [FuzzHelpers]; some are given lengths or pointers the helper refuses, so
///   that errors are compared too.
public final class ProgramGenerator {
    /// Bytes of the input buffer.
    public static final int INPUT_SIZE = 64;
    /// The most functions a program has, the program included.
    public static final int MAX_FUNCTIONS = 4;
    /// The largest trip count of a loop.
    public static final int MAX_TRIPS = 6;

    private static final int[] SPECIAL_IMM = {0, 1, -1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128, 255,
        256, 0x7fff, 0x8000, 0xffff, 0x1_0000, Integer.MAX_VALUE, Integer.MIN_VALUE, -2, -32, -64, -128, 0x8000_0001};
    private static final long[] SPECIAL_LONG = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L, 0xffff_ffffL,
        0x1_0000_0000L, 0x7fff_ffffL, 0xffff_ffff_8000_0000L, 0x8000_0000_0000_0001L, 0xff, 0xffff, 63, 64};
    private static final JmpOp[] CONDITIONS = Arrays.stream(JmpOp.values())
            .filter(op -> op != JmpOp.JA).toArray(JmpOp[]::new);
    private static final Reg[] GENERAL = {Reg.R0, Reg.R1, Reg.R2, Reg.R3, Reg.R4, Reg.R5, Reg.R7, Reg.R8, Reg.R9};

    /// Generates the program of `seed`.
    public FuzzProgram generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] input = new byte[INPUT_SIZE];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) rnd.nextInt(256);
        }
        int functions = 1 + rnd.nextInt(MAX_FUNCTIONS);
        List<List<Item>> out = new ArrayList<>();
        for (int f = 0; f < functions; f++) {
            out.add(new Function(rnd, f, functions).generate());
        }
        return new FuzzProgram(seed, out, input);
    }

    /// The state of one function being generated.
    private static final class Function extends FunctionWriter {
        private final int index;
        private final int count;
        private final EnumSet<Reg> counters = EnumSet.noneOf(Reg.class);
        private int loopDepth;

        Function(SplittableRandom rnd, int index, int count) {
            super(rnd);
            this.index = index;
            this.count = count;
        }

        List<Item> generate() {
            out.add(new Op(new Alu(AluOp.MOV, Width.W64, Reg.R6, Reg.R1), true));
            // The program's registers start at 0 in every engine; a callee's r0 and r6-r9 are
            // undefined at its entry, so their set-up is fixed there.
            boolean callee = index > 0;
            for (Reg r : callee ? new Reg[] {Reg.R0, Reg.R7, Reg.R8, Reg.R9}
                    : new Reg[] {Reg.R0, Reg.R2, Reg.R3, Reg.R4, Reg.R5, Reg.R7, Reg.R8, Reg.R9}) {
                out.add(new Op(rnd.nextInt(3) == 0 ? LoadImm64.of(r, longValue()) : movImm(r), callee));
            }
            block(index == 0 ? 8 + rnd.nextInt(48) : 4 + rnd.nextInt(24), 0);
            out.add(new Op(new Exit(), true));
            return out;
        }

        @Override
        int statement(int budget, int nesting) {
            int k = rnd.nextInt(100);
            if (k < 26) {
                op(alu());
            } else if (k < 30) {
                op(endian());
            } else if (k < 33) {
                op(LoadImm64.of(writable(), longValue()));
            } else if (k < 42) {
                op(load());
            } else if (k < 50) {
                op(store());
            } else if (k < 56) {
                op(atomic());
            } else if (k < 64 && nesting < 3 && budget >= 3) {
                return ifBlock(budget, nesting, 12,
                        label -> new Branch(pick(CONDITIONS), width(), anyReg(), operand(), label, false));
            } else if (k < 66 && nesting < 3 && budget >= 3) {
                return skip(budget, nesting);
            } else if (k < 71 && loopDepth < 2 && nesting < 3 && budget >= 4) {
                return loop(budget, nesting);
            } else if (k < 78) {
                return helperCall();
            } else if (k < 84 && index + 1 < count && loopDepth <= 1) {
                out.add(new CallFunction(index + 1 + rnd.nextInt(count - index - 1)));
                return 2;
            } else if (k < 86) {
                op(packetLoad());
            } else if (k < 92) {
                return division();
            } else {
                op(alu());
            }
            return 1;
        }

        /// `ja` (or `gotol`) over a block that never runs, unless the shrinker deletes the jump.
        private int skip(int budget, int nesting) {
            int inner = 1 + rnd.nextInt(Math.min(budget - 1, 6));
            int label = label();
            out.add(new Branch(JmpOp.JA, rnd.nextInt(4) == 0 ? Width.W32 : Width.W64, Reg.R0, new Imm(0), label,
                    false));
            block(inner, nesting + 1);
            out.add(new Mark(label));
            return inner + 1;
        }

        /// A loop that runs its body 1 to [#MAX_TRIPS] times: the counter is set before it, only
        /// the fixed step at its end changes it, and the fixed backward jump tests it.
        private int loop(int budget, int nesting) {
            Reg c = loopDepth == 0 ? Reg.R9 : Reg.R8;
            int trips = 1 + rnd.nextInt(loopDepth == 0 ? MAX_TRIPS : 3);
            int inner = 1 + rnd.nextInt(Math.min(budget - 3, 10));
            int head = label();
            boolean up = rnd.nextInt(3) == 0;
            out.add(new Op(new Alu(AluOp.MOV, Width.W64, c, new Imm(up ? 0 : trips)), true));
            out.add(new Mark(head));
            counters.add(c);
            loopDepth++;
            block(inner, nesting + 1);
            loopDepth--;
            counters.remove(c);
            if (up) {
                out.add(new Op(new Alu(AluOp.ADD, Width.W64, c, new Imm(1)), true));
                JmpOp op = pick(new JmpOp[] {JmpOp.JLT, JmpOp.JSLT, JmpOp.JNE});
                out.add(new Branch(op, width(), c, new Imm(trips), head, true));
            } else {
                out.add(new Op(rnd.nextBoolean() ? new Alu(AluOp.SUB, Width.W64, c, new Imm(1))
                        : new Alu(AluOp.ADD, Width.W64, c, new Imm(-1)), true));
                JmpOp op = pick(new JmpOp[] {JmpOp.JNE, JmpOp.JGT, JmpOp.JSGT});
                out.add(new Branch(op, width(), c, new Imm(0), head, true));
            }
            return inner + 3;
        }

        private int helperCall() {
            int id = 1 + rnd.nextInt(4);
            int n = 1;
            switch (id) {
                case FuzzHelpers.SUM_BYTES, FuzzHelpers.FILL_BYTES -> {
                    boolean stack = rnd.nextBoolean();
                    int room = stack ? ExecContext.FRAME_SIZE : INPUT_SIZE;
                    int start = rnd.nextInt(room);
                    int len = rnd.nextInt(Math.min(FuzzHelpers.MAX_LEN, room - start) + 1);
                    if (rnd.nextInt(40) == 0) {
                        // A length the helper refuses, or one that runs off the region.
                        len = rnd.nextBoolean() ? FuzzHelpers.MAX_LEN + 1 : room - start + 1 + rnd.nextInt(4);
                    }
                    op(new Alu(AluOp.MOV, Width.W64, Reg.R1, stack ? Reg.R10 : Reg.R6));
                    op(new Alu(AluOp.ADD, Width.W64, Reg.R1, new Imm(stack ? -room + start : start)));
                    op(new Alu(AluOp.MOV, Width.W64, Reg.R2, new Imm(len)));
                    n += 3;
                    if (id == FuzzHelpers.FILL_BYTES) {
                        op(movImm(Reg.R3));
                        n++;
                    }
                }
                case FuzzHelpers.EXIT_IF_ZERO -> {
                    if (rnd.nextInt(3) == 0) {
                        op(new Alu(AluOp.MOV, Width.W64, Reg.R1, new Imm(0)));
                        n++;
                    }
                }
                default -> { }
            }
            if (rnd.nextInt(5) == 0) {
                Reg target = pick(new Reg[] {Reg.R0, Reg.R4, Reg.R5});
                if (id != FuzzHelpers.FILL_BYTES || target != Reg.R3) {
                    op(new Alu(AluOp.MOV, Width.W64, target, new Imm(id)));
                    op(new CallReg(target));
                    return n + 1;
                }
            }
            op(new Call(id));
            return n;
        }

        /// Division or modulo by 0 or -1, possibly of the most negative number.
        private int division() {
            AluOp op = pick(new AluOp[] {AluOp.DIV, AluOp.SDIV, AluOp.MOD, AluOp.SMOD});
            Width w = width();
            Reg dst = writable();
            int n = 1;
            if (rnd.nextBoolean()) {
                op(w == Width.W64 ? LoadImm64.of(dst, Long.MIN_VALUE)
                        : new Alu(AluOp.MOV, Width.W32, dst, new Imm(Integer.MIN_VALUE)));
                n++;
            }
            int divisor = rnd.nextBoolean() ? 0 : -1;
            if (rnd.nextBoolean()) {
                op(new Alu(op, w, dst, new Imm(divisor)));
            } else {
                Reg src = writable();
                op(new Alu(AluOp.MOV, rnd.nextBoolean() ? Width.W32 : Width.W64, src, new Imm(divisor)));
                op(new Alu(op, w, dst, src));
                n++;
            }
            return n;
        }

        private Insn alu() {
            AluOp op = pick(AluOp.values());
            Width w = op == AluOp.MOVSX32 ? Width.W64 : width();
            Reg dst = writable();
            Operand src = op == AluOp.NEG ? new Imm(0) : op.isMovSx() ? anyReg() : operand();
            return new Alu(op, w, dst, src);
        }

        private Insn endian() {
            EndianOp op = pick(EndianOp.values());
            return new Endian(op, pick(new int[] {16, 32, 64}), writable());
        }

        private Insn load() {
            MemSize size = pick(MemSize.values());
            boolean sx = size != MemSize.DW && rnd.nextInt(3) == 0;
            boolean stack = rnd.nextBoolean();
            return new Load(size, sx, writable(), stack ? Reg.R10 : Reg.R6, offset(stack, size.bytes(), 1));
        }

        private Insn store() {
            MemSize size = pick(MemSize.values());
            boolean stack = rnd.nextBoolean();
            Operand src = rnd.nextBoolean() ? anyReg() : imm();
            return new Store(size, stack ? Reg.R10 : Reg.R6, offset(stack, size.bytes(), 1), src);
        }

        private Insn atomic() {
            AtomicOp op = pick(AtomicOp.values());
            boolean fetch = op.alwaysFetches() || rnd.nextBoolean();
            MemSize size = rnd.nextBoolean() ? MemSize.W : MemSize.DW;
            boolean stack = rnd.nextBoolean();
            // A fetching operation (other than cmpxchg, which writes r0) writes its source.
            Reg src = fetch && op != AtomicOp.CMPXCHG ? writable() : anyReg();
            // One in four is misaligned: the engines then take their plain read-modify-write
            // path (on the input buffer too, where no verifier would accept it), which must
            // agree as well.
            int align = rnd.nextInt(4) == 0 ? 1 : size.bytes();
            return new Atomic(op, fetch, size, stack ? Reg.R10 : Reg.R6, offset(stack, size.bytes(), align), src);
        }

        private Insn packetLoad() {
            MemSize size = pick(new MemSize[] {MemSize.B, MemSize.H, MemSize.W});
            if (rnd.nextInt(4) == 0) {
                // Usually out of the packet: the program then ends with r0 = 0.
                return new PacketLoad(size, true, anyReg(), rnd.nextInt(INPUT_SIZE));
            }
            int imm = rnd.nextInt(20) == 0 ? INPUT_SIZE - size.bytes() + 1 : rnd.nextInt(INPUT_SIZE - size.bytes() + 1);
            return new PacketLoad(size, false, Reg.R0, imm);
        }

        /// An in-bounds offset for `size` bytes, a multiple of `align`, from r10 (`stack`) or
        /// from r6.
        private short offset(boolean stack, int size, int align) {
            int room = stack ? ExecContext.FRAME_SIZE : INPUT_SIZE;
            int slots = (room - size) / align + 1;
            int at = rnd.nextInt(slots) * align;
            return (short) (stack ? at - room : at);
        }

        private Insn movImm(Reg r) {
            return new Alu(AluOp.MOV, rnd.nextInt(4) == 0 ? Width.W32 : Width.W64, r, imm());
        }

        /// A register that may be written: not r6 (the input pointer), r10, or a live counter.
        private Reg writable() {
            while (true) {
                Reg r = pick(GENERAL);
                if (!counters.contains(r)) {
                    return r;
                }
            }
        }

        private Reg anyReg() {
            return Reg.of(rnd.nextInt(Reg.COUNT));
        }

        private Operand operand() {
            return rnd.nextBoolean() ? anyReg() : imm();
        }

        private Imm imm() {
            return new Imm(rnd.nextInt(3) == 0 ? rnd.nextInt() : pick(SPECIAL_IMM));
        }

        private long longValue() {
            return rnd.nextInt(3) == 0 ? rnd.nextLong() : pick(SPECIAL_LONG);
        }
    }
}
