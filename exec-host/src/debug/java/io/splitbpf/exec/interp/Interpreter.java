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
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.AluOps;
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
public final class Interpreter implements ExecutionEngine {
    @Override
    public String name() {
        return "interpreter";
    }

    @Override
    public LoadedCode load(InsnSeq program, HelperTable helpers) {
        ProgramValidator.validate(program, helpers);
        return (ctx, args) -> run(program, helpers, ctx, args);
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

    private static long run(InsnSeq program, HelperTable helpers, ExecContext ctx, long[] args) {
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
        int pc = 0;
        while (true) {
            LabeledInsn li = program.at(pc);
            if (li == null) {
                // Invariant: ProgramValidator keeps jumps on instruction boundaries and every
                // function ending in exit or ja, so this is unreachable for loaded programs.
                throw new ExecutionException(pc, "no instruction at this pc");
            }
            if (budget > 0 && ++executed > budget) {
                throw new ExecutionException(pc, "instruction limit of " + budget + " reached");
            }
            Insn insn = li.insn();
            int next = pc + insn.slots();
            try {
                switch (insn) {
                    case Alu(var op, var w, var dst, var src) -> r[dst.number()] = alu(op, w, r[dst.number()], value(r, src));
                    case Endian(var op, var bits, var dst) -> r[dst.number()] = switch (op) {
                        case LE -> AluOps.toLe(r[dst.number()], bits);
                        case BE, SWAP -> AluOps.swap(r[dst.number()], bits);
                    };
                    case LoadImm64 l -> r[l.dst().number()] = l.value();
                    case Load(var size, var sx, var dst, var base, var off) -> {
                        long v = load(ctx, mem, r[base.number()] + off, size);
                        r[dst.number()] = sx ? AluOps.signExtend(v, size.bytes() * 8) : v;
                    }
                    case Store(var size, var base, var off, var src) ->
                        store(ctx, mem, r[base.number()] + off, size, value(r, src));
                    case Atomic a -> atomic(ctx, mem, r, a);
                    case PacketLoad p -> {
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
                    case Jump(var op, var w, var dst, var src, var off) -> {
                        if (taken(op, w, r[dst.number()], value(r, src))) {
                            next = pc + 1 + off;
                        }
                    }
                    case Call(var id) -> {
                        r[0] = callHelper(pc, helpers, id, ctx, r);
                        if (ctx.exitRequested()) {
                            return ctx.exitValue();
                        }
                    }
                    case CallReg(var target) -> {
                        long id = r[target.number()];
                        if (id != (int) id || helpers.lookup((int) id).isEmpty()) {
                            throw new ExecutionException(pc, "callx of unknown helper " + id);
                        }
                        r[0] = callHelper(pc, helpers, (int) id, ctx, r);
                        if (ctx.exitRequested()) {
                            return ctx.exitValue();
                        }
                    }
                    case CallLocal c -> {
                        if (depth + 1 >= ExecContext.MAX_FRAMES) {
                            throw new ExecutionException(pc, "call stack deeper than " + ExecContext.MAX_FRAMES + " frames");
                        }
                        frames[depth++] = new Frame(next, r);
                        r[10] -= ExecContext.FRAME_SIZE;
                        next = c.target(pc);
                    }
                    case CallKfunc k -> throw new ExecutionException(pc, "kfunc calls are not supported");
                    case Exit() -> {
                        if (depth == 0) {
                            return r[0];
                        }
                        Frame f = frames[--depth];
                        r[6] = f.r6;
                        r[7] = f.r7;
                        r[8] = f.r8;
                        r[9] = f.r9;
                        r[10] = f.r10;
                        next = f.returnPc;
                    }
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

    static boolean taken(io.splitbpf.core.isa.JmpOp op, Width w, long a, long b) {
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
        if ((addr & (n - 1)) != 0) {
            throw new MemoryFault(addr, n, true, "misaligned atomic access of " + n + " bytes at 0x"
                    + Long.toHexString(addr));
        }
        long src = r[a.src().number()];
        if (n == 8) {
            long old = switch (a.op()) {
                case ADD -> (long) TenantMemory.ATOMIC64.getAndAdd(mem, off, src);
                case OR -> (long) TenantMemory.ATOMIC64.getAndBitwiseOr(mem, off, src);
                case AND -> (long) TenantMemory.ATOMIC64.getAndBitwiseAnd(mem, off, src);
                case XOR -> (long) TenantMemory.ATOMIC64.getAndBitwiseXor(mem, off, src);
                case XCHG -> (long) TenantMemory.ATOMIC64.getAndSet(mem, off, src);
                case CMPXCHG -> (long) TenantMemory.ATOMIC64.compareAndExchange(mem, off, r[0], src);
            };
            switch (a.op()) {
                case CMPXCHG -> r[0] = old;
                default -> {
                    if (a.fetch()) {
                        r[a.src().number()] = old;
                    }
                }
            }
        } else {
            int s = (int) src;
            int old = switch (a.op()) {
                case ADD -> (int) TenantMemory.ATOMIC32.getAndAdd(mem, off, s);
                case OR -> (int) TenantMemory.ATOMIC32.getAndBitwiseOr(mem, off, s);
                case AND -> (int) TenantMemory.ATOMIC32.getAndBitwiseAnd(mem, off, s);
                case XOR -> (int) TenantMemory.ATOMIC32.getAndBitwiseXor(mem, off, s);
                case XCHG -> (int) TenantMemory.ATOMIC32.getAndSet(mem, off, s);
                case CMPXCHG -> (int) TenantMemory.ATOMIC32.compareAndExchange(mem, off, (int) r[0], s);
            };
            switch (a.op()) {
                case CMPXCHG -> r[0] = AluOps.u32(old);
                default -> {
                    if (a.fetch()) {
                        r[a.src().number()] = AluOps.u32(old);
                    }
                }
            }
        }
    }

    private static long callHelper(int pc, HelperTable helpers, int id, ExecContext ctx, long[] r) {
        HelperFunction fn = helpers.lookup(id).orElseThrow(() -> new ExecutionException(pc, "call of unknown helper " + id));
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
