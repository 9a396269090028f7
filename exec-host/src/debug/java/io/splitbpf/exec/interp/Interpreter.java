package io.splitbpf.exec.interp;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.AluOps;
import io.splitbpf.exec.runtime.AtomicOps;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.ExecutionException;
import io.splitbpf.exec.runtime.HelperFunction;
import io.splitbpf.exec.runtime.HelperTable;
import io.splitbpf.exec.runtime.ProgramValidator;
import java.lang.foreign.MemorySegment;

/// The reference interpreter: simple and checked.
///
/// Every load and store is checked against the regions of the run's [ExecContext] (stack,
/// input, context …), not just the tenant's segment; a violation stops the program with an
/// [ExecutionException] naming the instruction, the address and the size, before any byte is
/// touched. bpf-to-bpf calls get their own 512-byte frame (r10 moves down one frame, r6–r9 are
/// saved), at most [ExecContext#MAX_FRAMES] deep. Arithmetic follows RFC 9669 through
/// [AluOps], which the JIT shares.
///
/// For speed, a program is decoded once when it is loaded ([Code]: flat arrays indexed by pc,
/// as uBPF's interpreter reads its instruction array); each step is then one switch over the
/// instruction's kind. The semantics of each family are the small static methods below.
public final class Interpreter implements ExecutionEngine {
    @Override
    public String name() {
        return "interpreter";
    }

    @Override
    public LoadedCode load(InsnSeq program, HelperTable helpers) {
        ProgramValidator.validate(program, helpers);
        Code code = new Code(program, helpers);
        return (ctx, args) -> run(code, helpers, ctx, args);
    }

    // What Code.kind holds for each slot: the instruction's family, with ALU and jumps split by
    // width, so that the main loop is one switch over small ints.
    private static final byte NONE = 0;
    private static final byte ALU64 = 1;
    private static final byte ALU32 = 2;
    private static final byte ENDIAN = 3;
    private static final byte LDDW = 4;
    private static final byte LOAD = 5;
    private static final byte STORE = 6;
    private static final byte ATOMIC = 7;
    private static final byte PACKET = 8;
    private static final byte JUMP64 = 9;
    private static final byte JUMP32 = 10;
    private static final byte CALL = 11;
    private static final byte CALLX = 12;
    private static final byte CALL_LOCAL = 13;
    private static final byte KFUNC = 14;
    private static final byte EXIT = 15;

    /// A program decoded once, at load, into arrays indexed by pc: the instruction's kind and
    /// its operands as plain numbers (register numbers; the immediate sign-extended, with `-1` as
    /// the source register of an immediate operand; memory offsets; jump and call targets as
    /// absolute pcs; the helper of a call), so that a run neither walks records nor allocates. The
    /// record itself stays in `insn` for the rare families (byte swaps, atomics, packet loads).
    /// The slot after the last one, and the second slot of an `lddw`, are [#NONE].
    private static final class Code {
        final byte[] kind;
        final int[] dst;
        final int[] src;
        final long[] imm;
        final int[] offset;
        final int[] target;
        final AluOp[] aluOp;
        final JmpOp[] jmpOp;
        final MemSize[] size;
        final boolean[] signExtend;
        final HelperFunction[] helper;
        final Insn[] insn;

        Code(InsnSeq program, HelperTable helpers) {
            int n = program.slotCount() + 1;
            kind = new byte[n];
            dst = new int[n];
            src = new int[n];
            imm = new long[n];
            offset = new int[n];
            target = new int[n];
            aluOp = new AluOp[n];
            jmpOp = new JmpOp[n];
            size = new MemSize[n];
            signExtend = new boolean[n];
            helper = new HelperFunction[n];
            insn = new Insn[n];
            for (LabeledInsn li : program.insns()) {
                int pc = li.pc();
                insn[pc] = li.insn();
                kind[pc] = switch (li.insn()) {
                    case Alu(var op, var w, var d, var s) -> {
                        aluOp[pc] = op;
                        dst[pc] = d.number();
                        operand(pc, s);
                        yield w == Width.W64 ? ALU64 : ALU32;
                    }
                    case Endian e -> ENDIAN;
                    case LoadImm64 l -> {
                        dst[pc] = l.dst().number();
                        imm[pc] = l.value();
                        yield LDDW;
                    }
                    case Load(var sz, var sx, var d, var base, var off) -> {
                        size[pc] = sz;
                        signExtend[pc] = sx;
                        dst[pc] = d.number();
                        src[pc] = base.number();
                        offset[pc] = off;
                        yield LOAD;
                    }
                    case Store(var sz, var base, var off, var s) -> {
                        size[pc] = sz;
                        dst[pc] = base.number();
                        offset[pc] = off;
                        operand(pc, s);
                        yield STORE;
                    }
                    case Atomic a -> ATOMIC;
                    case PacketLoad p -> PACKET;
                    case Jump j -> {
                        jmpOp[pc] = j.op();
                        dst[pc] = j.dst().number();
                        operand(pc, j.src());
                        target[pc] = j.target(pc);
                        yield j.width() == Width.W64 ? JUMP64 : JUMP32;
                    }
                    case Call(var id) -> {
                        // Invariant: ProgramValidator refused calls of helpers the table lacks.
                        helper[pc] = helpers.lookup(id).orElse(null);
                        target[pc] = id;
                        yield CALL;
                    }
                    case CallReg(var t) -> {
                        dst[pc] = t.number();
                        yield CALLX;
                    }
                    case CallLocal c -> {
                        target[pc] = c.target(pc);
                        yield CALL_LOCAL;
                    }
                    case CallKfunc k -> KFUNC;
                    case Exit e -> EXIT;
                };
            }
        }

        private void operand(int pc, Operand s) {
            switch (s) {
                case Reg r -> src[pc] = r.number();
                case Imm(var v) -> {
                    src[pc] = -1;
                    imm[pc] = v;
                }
            }
        }
    }

    private static final class Frame {
        final int returnPc;
        final long r6, r7, r8, r9, r10;

        Frame(int returnPc, long[] r) {
            this.returnPc = returnPc;
            this.r6 = r[6];
            this.r7 = r[7];
            this.r8 = r[8];
            this.r9 = r[9];
            this.r10 = r[10];
        }
    }

    private static long run(Code code, HelperTable helpers, ExecContext ctx, long[] args) {
        ctx.clearExit();
        long[] r = new long[Reg.COUNT];
        for (int i = 0; i < args.length && i < 5; i++) {
            r[i + 1] = args[i];
        }
        r[10] = ctx.frameTop();
        Frame[] frames = new Frame[ExecContext.MAX_FRAMES];
        int depth = 0;
        long budget = ctx.instructionLimit();
        long executed = 0;
        MemorySegment mem = ctx.memory().segment();
        final byte[] kind = code.kind;
        final int[] dst = code.dst;
        final int[] src = code.src;
        final long[] imm = code.imm;
        final int[] target = code.target;
        int pc = 0;
        while (true) {
            if (budget > 0 && ++executed > budget) {
                throw new ExecutionException(pc, "instruction limit of " + budget + " reached");
            }
            int next = pc + 1;
            try {
                switch (kind[pc]) {
                    case ALU64 -> {
                        int d = dst[pc];
                        int s = src[pc];
                        r[d] = alu(code.aluOp[pc], Width.W64, r[d], s < 0 ? imm[pc] : r[s]);
                    }
                    case ALU32 -> {
                        int d = dst[pc];
                        int s = src[pc];
                        r[d] = alu(code.aluOp[pc], Width.W32, r[d], s < 0 ? imm[pc] : r[s]);
                    }
                    case ENDIAN -> {
                        Endian e = (Endian) code.insn[pc];
                        int d = e.dst().number();
                        r[d] = switch (e.op()) {
                            case LE -> AluOps.toLe(r[d], e.bits());
                            case BE, SWAP -> AluOps.swap(r[d], e.bits());
                        };
                    }
                    case LDDW -> {
                        r[dst[pc]] = imm[pc];
                        next = pc + 2;
                    }
                    case LOAD -> {
                        MemSize size = code.size[pc];
                        long v = load(ctx, mem, r[src[pc]] + code.offset[pc], size);
                        r[dst[pc]] = code.signExtend[pc] ? AluOps.signExtend(v, size.bytes() * 8) : v;
                    }
                    case STORE -> {
                        int s = src[pc];
                        store(ctx, mem, r[dst[pc]] + code.offset[pc], code.size[pc], s < 0 ? imm[pc] : r[s]);
                    }
                    case ATOMIC -> atomic(ctx, mem, r, (Atomic) code.insn[pc]);
                    case PACKET -> {
                        PacketLoad p = (PacketLoad) code.insn[pc];
                        Region pkt = ctx.packet();
                        if (pkt == null) {
                            throw new ExecutionException(pc, "legacy packet load without a packet");
                        }
                        long off = (p.indirect() ? r[p.index().number()] : 0) + p.imm();
                        int n = p.size().bytes();
                        // Linux: an out-of-bounds legacy packet load ends the program with r0 = 0.
                        if (off < 0 || off > pkt.size() - n) {
                            return 0;
                        }
                        long v = load(ctx, mem, pkt.address() + off, p.size());
                        r[0] = n == 1 ? v : AluOps.swap(v, n * 8);
                        r[1] = r[2] = r[3] = r[4] = r[5] = 0;
                    }
                    case JUMP64 -> {
                        int s = src[pc];
                        if (taken(code.jmpOp[pc], Width.W64, r[dst[pc]], s < 0 ? imm[pc] : r[s])) {
                            next = target[pc];
                        }
                    }
                    case JUMP32 -> {
                        int s = src[pc];
                        if (taken(code.jmpOp[pc], Width.W32, r[dst[pc]], s < 0 ? imm[pc] : r[s])) {
                            next = target[pc];
                        }
                    }
                    case CALL -> {
                        r[0] = callHelper(pc, helpers, target[pc], code.helper[pc], ctx, r);
                        if (ctx.exitRequested()) {
                            return ctx.exitValue();
                        }
                    }
                    case CALLX -> {
                        long id = r[dst[pc]];
                        if (id != (int) id || helpers.lookup((int) id).isEmpty()) {
                            throw new ExecutionException(pc, "callx of unknown helper " + id);
                        }
                        r[0] = callHelper(pc, helpers, (int) id, helpers.lookup((int) id).get(), ctx, r);
                        if (ctx.exitRequested()) {
                            return ctx.exitValue();
                        }
                    }
                    case CALL_LOCAL -> {
                        if (depth + 1 >= ExecContext.MAX_FRAMES) {
                            throw new ExecutionException(pc, "call stack deeper than " + ExecContext.MAX_FRAMES + " frames");
                        }
                        frames[depth++] = new Frame(next, r);
                        r[10] -= ExecContext.FRAME_SIZE;
                        next = target[pc];
                    }
                    case KFUNC -> throw new ExecutionException(pc, "kfunc calls are not supported");
                    case EXIT -> {
                        if (depth == 0) {
                            return r[0];
                        }
                        Frame f = frames[--depth];
                        r[6] = f.r6;
                        r[7] = f.r7;
                        r[8] = f.r8;
                        r[9] = f.r9;
                        r[10] = f.r10;
                        // The callee leaves r1-r5 undefined; zero them as after a helper call
                        // (the JIT does the same).
                        r[1] = r[2] = r[3] = r[4] = r[5] = 0;
                        next = f.returnPc;
                    }
                    default ->
                        // Invariant: ProgramValidator keeps jumps on instruction boundaries and every
                        // function ending in exit or ja, so this is unreachable for loaded programs.
                        throw new ExecutionException(pc, "no instruction at this pc");
                }
            } catch (MemoryFault fault) {
                throw new ExecutionException(pc, fault.getMessage(), fault);
            }
            pc = next;
        }
    }

    private static long value(long[] r, Operand src) {
        return switch (src) {
            case Reg reg -> r[reg.number()];
            case Imm(var v) -> v;
        };
    }

    static long alu(AluOp op, Width w, long a, long b) {
        if (w == Width.W64) {
            return switch (op) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> AluOps.div64(a, b);
                case SDIV -> AluOps.sdiv64(a, b);
                case OR -> a | b;
                case AND -> a & b;
                case LSH -> a << b;
                case RSH -> a >>> b;
                case NEG -> -a;
                case MOD -> AluOps.mod64(a, b);
                case SMOD -> AluOps.smod64(a, b);
                case XOR -> a ^ b;
                case MOV -> b;
                case MOVSX8 -> AluOps.signExtend(b, 8);
                case MOVSX16 -> AluOps.signExtend(b, 16);
                case MOVSX32 -> AluOps.signExtend(b, 32);
                case ARSH -> a >> b;
            };
        }
        return switch (op) {
            case ADD -> AluOps.u32(a + b);
            case SUB -> AluOps.u32(a - b);
            case MUL -> AluOps.u32(a * b);
            case DIV -> AluOps.div32(a, b);
            case SDIV -> AluOps.sdiv32(a, b);
            case OR -> AluOps.u32(a | b);
            case AND -> AluOps.u32(a & b);
            case LSH -> AluOps.lsh32(a, b);
            case RSH -> AluOps.rsh32(a, b);
            case NEG -> AluOps.u32(-a);
            case MOD -> AluOps.mod32(a, b);
            case SMOD -> AluOps.smod32(a, b);
            case XOR -> AluOps.u32(a ^ b);
            case MOV -> AluOps.u32(b);
            case MOVSX8 -> AluOps.u32(AluOps.signExtend(b, 8));
            case MOVSX16 -> AluOps.u32(AluOps.signExtend(b, 16));
            case MOVSX32 -> AluOps.u32(b);
            case ARSH -> AluOps.arsh32(a, b);
        };
    }

    static boolean taken(JmpOp op, Width w, long a, long b) {
        if (w == Width.W32) {
            a = (int) a;
            b = (int) b;
            return switch (op) {
                case JA -> true;
                case JEQ -> (int) a == (int) b;
                case JNE -> (int) a != (int) b;
                case JSET -> ((int) a & (int) b) != 0;
                case JGT -> Integer.compareUnsigned((int) a, (int) b) > 0;
                case JGE -> Integer.compareUnsigned((int) a, (int) b) >= 0;
                case JLT -> Integer.compareUnsigned((int) a, (int) b) < 0;
                case JLE -> Integer.compareUnsigned((int) a, (int) b) <= 0;
                case JSGT -> (int) a > (int) b;
                case JSGE -> (int) a >= (int) b;
                case JSLT -> (int) a < (int) b;
                case JSLE -> (int) a <= (int) b;
            };
        }
        return switch (op) {
            case JA -> true;
            case JEQ -> a == b;
            case JNE -> a != b;
            case JSET -> (a & b) != 0;
            case JGT -> Long.compareUnsigned(a, b) > 0;
            case JGE -> Long.compareUnsigned(a, b) >= 0;
            case JLT -> Long.compareUnsigned(a, b) < 0;
            case JLE -> Long.compareUnsigned(a, b) <= 0;
            case JSGT -> a > b;
            case JSGE -> a >= b;
            case JSLT -> a < b;
            case JSLE -> a <= b;
        };
    }

    private static long load(ExecContext ctx, MemorySegment mem, long addr, MemSize size) {
        long off = ctx.checkedOffset(addr, size.bytes(), false);
        return switch (size) {
            case B -> mem.get(TenantMemory.U8, off) & 0xffL;
            case H -> mem.get(TenantMemory.U16, off) & 0xffffL;
            case W -> mem.get(TenantMemory.U32, off) & 0xffff_ffffL;
            case DW -> mem.get(TenantMemory.U64, off);
        };
    }

    private static void store(ExecContext ctx, MemorySegment mem, long addr, MemSize size, long v) {
        long off = ctx.checkedOffset(addr, size.bytes(), true);
        switch (size) {
            case B -> mem.set(TenantMemory.U8, off, (byte) v);
            case H -> mem.set(TenantMemory.U16, off, (short) v);
            case W -> mem.set(TenantMemory.U32, off, (int) v);
            case DW -> mem.set(TenantMemory.U64, off, v);
        }
    }

    private static void atomic(ExecContext ctx, MemorySegment mem, long[] r, Atomic a) {
        long addr = r[a.base().number()] + a.offset();
        int n = a.size().bytes();
        long off = ctx.checkedOffset(addr, n, true);
        long src = r[a.src().number()];
        long old = n == 8 ? AtomicOps.update64(mem, off, a.op().code(), src, r[0])
                : AtomicOps.update32(mem, off, a.op().code(), src, r[0]);
        if (a.op() == AtomicOp.CMPXCHG) {
            r[0] = old;
        } else if (a.fetch()) {
            r[a.src().number()] = old;
        }
    }

    private static long callHelper(int pc, HelperTable helpers, int id, HelperFunction fn, ExecContext ctx, long[] r) {
        if (fn == null) {
            throw new ExecutionException(pc, "call of unknown helper " + id);
        }
        long result;
        try {
            result = fn.call(ctx, r[1], r[2], r[3], r[4], r[5]);
        } catch (MemoryFault e) {
            throw new ExecutionException(pc, helpers.name(id) + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException(pc, helpers.name(id) + ": " + e.getMessage(), e);
        }
        // Helpers clobber the caller-saved registers r1–r5 (their values are undefined after
        // the call; zero makes the reference deterministic).
        r[1] = r[2] = r[3] = r[4] = r[5] = 0;
        return result;
    }
}
