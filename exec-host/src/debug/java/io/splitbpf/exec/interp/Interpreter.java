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
import java.util.Arrays;

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

    // What Code.word holds in its low byte for each slot: one code per operation and operand
    // kind, so that the main loop is a single switch over small ints with no second dispatch.
    // An ALU or jump operation's code is its base plus one of K64, X64, K32, X32 (immediate or
    // register source, 64 or 32 bits).
    private static final int K64 = 0;
    private static final int X64 = 1;
    private static final int K32 = 2;
    private static final int X32 = 3;

    private static final int A_ADD = 0;
    private static final int A_SUB = 4;
    private static final int A_MUL = 8;
    private static final int A_DIV = 12;
    private static final int A_SDIV = 16;
    private static final int A_OR = 20;
    private static final int A_AND = 24;
    private static final int A_LSH = 28;
    private static final int A_RSH = 32;
    private static final int A_NEG = 36;
    private static final int A_MOD = 40;
    private static final int A_SMOD = 44;
    private static final int A_XOR = 48;
    private static final int A_MOV = 52;
    private static final int A_MOVSX8 = 56;
    private static final int A_MOVSX16 = 60;
    private static final int A_MOVSX32 = 64;
    private static final int A_ARSH = 68;

    private static final int J_JA = 72;
    private static final int J_JEQ = 76;
    private static final int J_JGT = 80;
    private static final int J_JGE = 84;
    private static final int J_JSET = 88;
    private static final int J_JNE = 92;
    private static final int J_JSGT = 96;
    private static final int J_JSGE = 100;
    private static final int J_JLT = 104;
    private static final int J_JLE = 108;
    private static final int J_JSLT = 112;
    private static final int J_JSLE = 116;

    private static final int LDX_B = 120;
    private static final int LDX_H = 121;
    private static final int LDX_W = 122;
    private static final int LDX_DW = 123;
    private static final int LDSX_B = 124;
    private static final int LDSX_H = 125;
    private static final int LDSX_W = 126;
    private static final int STX_B = 127;
    private static final int STX_H = 128;
    private static final int STX_W = 129;
    private static final int STX_DW = 130;
    private static final int ST_B = 131;
    private static final int ST_H = 132;
    private static final int ST_W = 133;
    private static final int ST_DW = 134;
    private static final int LDDW = 135;
    private static final int ENDIAN = 136;
    private static final int ATOMIC = 137;
    private static final int PACKET = 138;
    private static final int CALL = 139;
    private static final int CALLX = 140;
    private static final int CALL_LOCAL = 141;
    private static final int KFUNC = 142;
    private static final int EXIT = 143;
    /// No instruction starts here: the slot after the last one, and the second slot of an `lddw`.
    private static final int NONE = 255;

    /// A program decoded once, at load, into arrays indexed by pc, so that a run neither walks
    /// records nor allocates: `word` holds the operation's code (low byte), the destination
    /// register (bits 8–11) and the source register (bits 12–15); `imm` the immediate,
    /// sign-extended (or an `lddw`'s value); `aux` a memory offset, or a jump's or local call's
    /// target as an absolute pc, or a helper's id. The record itself stays in `insn` for the rare
    /// families (byte swaps, atomics, packet loads).
    private static final class Code {
        final int[] word;
        final long[] imm;
        final int[] aux;
        final HelperFunction[] helper;
        final Insn[] insn;

        Code(InsnSeq program, HelperTable helpers) {
            int n = program.slotCount() + 1;
            word = new int[n];
            imm = new long[n];
            aux = new int[n];
            helper = new HelperFunction[n];
            insn = new Insn[n];
            Arrays.fill(word, NONE);
            for (LabeledInsn li : program.insns()) {
                int pc = li.pc();
                insn[pc] = li.insn();
                word[pc] = switch (li.insn()) {
                    case Alu(var op, var w, var d, var s) ->
                        word(aluBase(op) + variant(pc, w, s), d.number(), source(s));
                    case Endian e -> ENDIAN;
                    case LoadImm64 l -> {
                        imm[pc] = l.value();
                        yield word(LDDW, l.dst().number(), 0);
                    }
                    case Load(var sz, var sx, var d, var base, var off) -> {
                        aux[pc] = off;
                        // A sign-extending 8-byte load is a plain one.
                        int first = sx && sz != MemSize.DW ? LDSX_B : LDX_B;
                        yield word(first + sizeIndex(sz), d.number(), base.number());
                    }
                    case Store(var sz, var base, var off, var s) -> {
                        aux[pc] = off;
                        int first = switch (s) {
                            case Reg r -> STX_B;
                            case Imm(var v) -> {
                                imm[pc] = v;
                                yield ST_B;
                            }
                        };
                        yield word(first + sizeIndex(sz), base.number(), source(s));
                    }
                    case Atomic a -> ATOMIC;
                    case PacketLoad p -> PACKET;
                    case Jump j -> {
                        aux[pc] = j.target(pc);
                        yield word(jumpBase(j.op()) + variant(pc, j.width(), j.src()), j.dst().number(),
                                source(j.src()));
                    }
                    case Call(var id) -> {
                        // Invariant: ProgramValidator refused calls of helpers the table lacks.
                        helper[pc] = helpers.lookup(id).orElse(null);
                        aux[pc] = id;
                        yield CALL;
                    }
                    case CallReg(var t) -> word(CALLX, t.number(), 0);
                    case CallLocal c -> {
                        aux[pc] = c.target(pc);
                        yield CALL_LOCAL;
                    }
                    case CallKfunc k -> KFUNC;
                    case Exit e -> EXIT;
                };
            }
        }

        private static int word(int code, int dst, int src) {
            return code | dst << 8 | src << 12;
        }

        /// K64, X64, K32 or X32 for an operation of width `w` on `s`, which, when an immediate,
        /// goes to `imm`.
        private int variant(int pc, Width w, Operand s) {
            int x = switch (s) {
                case Reg r -> 1;
                case Imm(var v) -> {
                    imm[pc] = v;
                    yield 0;
                }
            };
            return (w == Width.W64 ? K64 : K32) + x;
        }

        private static int source(Operand s) {
            return s instanceof Reg r ? r.number() : 0;
        }

        /// 0, 1, 2, 3 for 1, 2, 4, 8 bytes: the offset of a size's code from a family's first.
        private static int sizeIndex(MemSize sz) {
            return switch (sz) {
                case B -> 0;
                case H -> 1;
                case W -> 2;
                case DW -> 3;
            };
        }

        private static int aluBase(AluOp op) {
            return switch (op) {
                case ADD -> A_ADD;
                case SUB -> A_SUB;
                case MUL -> A_MUL;
                case DIV -> A_DIV;
                case SDIV -> A_SDIV;
                case OR -> A_OR;
                case AND -> A_AND;
                case LSH -> A_LSH;
                case RSH -> A_RSH;
                case NEG -> A_NEG;
                case MOD -> A_MOD;
                case SMOD -> A_SMOD;
                case XOR -> A_XOR;
                case MOV -> A_MOV;
                case MOVSX8 -> A_MOVSX8;
                case MOVSX16 -> A_MOVSX16;
                case MOVSX32 -> A_MOVSX32;
                case ARSH -> A_ARSH;
            };
        }

        private static int jumpBase(JmpOp op) {
            return switch (op) {
                case JA -> J_JA;
                case JEQ -> J_JEQ;
                case JGT -> J_JGT;
                case JGE -> J_JGE;
                case JSET -> J_JSET;
                case JNE -> J_JNE;
                case JSGT -> J_JSGT;
                case JSGE -> J_JSGE;
                case JLT -> J_JLT;
                case JLE -> J_JLE;
                case JSLT -> J_JSLT;
                case JSLE -> J_JSLE;
            };
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
        long left = budget > 0 ? budget : Long.MAX_VALUE;
        MemorySegment mem = ctx.memory().segment();
        final int[] word = code.word;
        final long[] imm = code.imm;
        final int[] aux = code.aux;
        int pc = 0;
        while (true) {
            if (--left < 0) {
                throw new ExecutionException(pc, "instruction limit of " + budget + " reached");
            }
            int w = word[pc];
            int d = (w >>> 8) & 0xf;
            int s = (w >>> 12) & 0xf;
            int next = pc + 1;
            try {
                switch (w & 0xff) {
                    case A_ADD + K64 -> r[d] += imm[pc];
                    case A_ADD + X64 -> r[d] += r[s];
                    case A_ADD + K32 -> r[d] = AluOps.u32(r[d] + imm[pc]);
                    case A_ADD + X32 -> r[d] = AluOps.u32(r[d] + r[s]);
                    case A_SUB + K64 -> r[d] -= imm[pc];
                    case A_SUB + X64 -> r[d] -= r[s];
                    case A_SUB + K32 -> r[d] = AluOps.u32(r[d] - imm[pc]);
                    case A_SUB + X32 -> r[d] = AluOps.u32(r[d] - r[s]);
                    case A_MUL + K64 -> r[d] *= imm[pc];
                    case A_MUL + X64 -> r[d] *= r[s];
                    case A_MUL + K32 -> r[d] = AluOps.u32(r[d] * imm[pc]);
                    case A_MUL + X32 -> r[d] = AluOps.u32(r[d] * r[s]);
                    case A_DIV + K64 -> r[d] = AluOps.div64(r[d], imm[pc]);
                    case A_DIV + X64 -> r[d] = AluOps.div64(r[d], r[s]);
                    case A_DIV + K32 -> r[d] = AluOps.div32(r[d], imm[pc]);
                    case A_DIV + X32 -> r[d] = AluOps.div32(r[d], r[s]);
                    case A_SDIV + K64 -> r[d] = AluOps.sdiv64(r[d], imm[pc]);
                    case A_SDIV + X64 -> r[d] = AluOps.sdiv64(r[d], r[s]);
                    case A_SDIV + K32 -> r[d] = AluOps.sdiv32(r[d], imm[pc]);
                    case A_SDIV + X32 -> r[d] = AluOps.sdiv32(r[d], r[s]);
                    case A_OR + K64 -> r[d] |= imm[pc];
                    case A_OR + X64 -> r[d] |= r[s];
                    case A_OR + K32 -> r[d] = AluOps.u32(r[d] | imm[pc]);
                    case A_OR + X32 -> r[d] = AluOps.u32(r[d] | r[s]);
                    case A_AND + K64 -> r[d] &= imm[pc];
                    case A_AND + X64 -> r[d] &= r[s];
                    case A_AND + K32 -> r[d] = AluOps.u32(r[d] & imm[pc]);
                    case A_AND + X32 -> r[d] = AluOps.u32(r[d] & r[s]);
                    case A_LSH + K64 -> r[d] <<= imm[pc];
                    case A_LSH + X64 -> r[d] <<= r[s];
                    case A_LSH + K32 -> r[d] = AluOps.lsh32(r[d], imm[pc]);
                    case A_LSH + X32 -> r[d] = AluOps.lsh32(r[d], r[s]);
                    case A_RSH + K64 -> r[d] >>>= imm[pc];
                    case A_RSH + X64 -> r[d] >>>= r[s];
                    case A_RSH + K32 -> r[d] = AluOps.rsh32(r[d], imm[pc]);
                    case A_RSH + X32 -> r[d] = AluOps.rsh32(r[d], r[s]);
                    case A_NEG + K64, A_NEG + X64 -> r[d] = -r[d];
                    case A_NEG + K32, A_NEG + X32 -> r[d] = AluOps.u32(-r[d]);
                    case A_MOD + K64 -> r[d] = AluOps.mod64(r[d], imm[pc]);
                    case A_MOD + X64 -> r[d] = AluOps.mod64(r[d], r[s]);
                    case A_MOD + K32 -> r[d] = AluOps.mod32(r[d], imm[pc]);
                    case A_MOD + X32 -> r[d] = AluOps.mod32(r[d], r[s]);
                    case A_SMOD + K64 -> r[d] = AluOps.smod64(r[d], imm[pc]);
                    case A_SMOD + X64 -> r[d] = AluOps.smod64(r[d], r[s]);
                    case A_SMOD + K32 -> r[d] = AluOps.smod32(r[d], imm[pc]);
                    case A_SMOD + X32 -> r[d] = AluOps.smod32(r[d], r[s]);
                    case A_XOR + K64 -> r[d] ^= imm[pc];
                    case A_XOR + X64 -> r[d] ^= r[s];
                    case A_XOR + K32 -> r[d] = AluOps.u32(r[d] ^ imm[pc]);
                    case A_XOR + X32 -> r[d] = AluOps.u32(r[d] ^ r[s]);
                    case A_MOV + K64 -> r[d] = imm[pc];
                    case A_MOV + X64 -> r[d] = r[s];
                    case A_MOV + K32 -> r[d] = AluOps.u32(imm[pc]);
                    case A_MOV + X32 -> r[d] = AluOps.u32(r[s]);
                    case A_MOVSX8 + K64 -> r[d] = (byte) imm[pc];
                    case A_MOVSX8 + X64 -> r[d] = (byte) r[s];
                    case A_MOVSX8 + K32 -> r[d] = AluOps.u32((byte) imm[pc]);
                    case A_MOVSX8 + X32 -> r[d] = AluOps.u32((byte) r[s]);
                    case A_MOVSX16 + K64 -> r[d] = (short) imm[pc];
                    case A_MOVSX16 + X64 -> r[d] = (short) r[s];
                    case A_MOVSX16 + K32 -> r[d] = AluOps.u32((short) imm[pc]);
                    case A_MOVSX16 + X32 -> r[d] = AluOps.u32((short) r[s]);
                    case A_MOVSX32 + K64 -> r[d] = (int) imm[pc];
                    case A_MOVSX32 + X64 -> r[d] = (int) r[s];
                    case A_MOVSX32 + K32 -> r[d] = AluOps.u32(imm[pc]);
                    case A_MOVSX32 + X32 -> r[d] = AluOps.u32(r[s]);
                    case A_ARSH + K64 -> r[d] >>= imm[pc];
                    case A_ARSH + X64 -> r[d] >>= r[s];
                    case A_ARSH + K32 -> r[d] = AluOps.arsh32(r[d], imm[pc]);
                    case A_ARSH + X32 -> r[d] = AluOps.arsh32(r[d], r[s]);

                    case J_JA + K64, J_JA + X64, J_JA + K32, J_JA + X32 -> next = aux[pc];
                    case J_JEQ + K64 -> next = r[d] == imm[pc] ? aux[pc] : next;
                    case J_JEQ + X64 -> next = r[d] == r[s] ? aux[pc] : next;
                    case J_JEQ + K32 -> next = (int) r[d] == (int) imm[pc] ? aux[pc] : next;
                    case J_JEQ + X32 -> next = (int) r[d] == (int) r[s] ? aux[pc] : next;
                    case J_JNE + K64 -> next = r[d] != imm[pc] ? aux[pc] : next;
                    case J_JNE + X64 -> next = r[d] != r[s] ? aux[pc] : next;
                    case J_JNE + K32 -> next = (int) r[d] != (int) imm[pc] ? aux[pc] : next;
                    case J_JNE + X32 -> next = (int) r[d] != (int) r[s] ? aux[pc] : next;
                    case J_JSET + K64 -> next = (r[d] & imm[pc]) != 0 ? aux[pc] : next;
                    case J_JSET + X64 -> next = (r[d] & r[s]) != 0 ? aux[pc] : next;
                    case J_JSET + K32 -> next = ((int) r[d] & (int) imm[pc]) != 0 ? aux[pc] : next;
                    case J_JSET + X32 -> next = ((int) r[d] & (int) r[s]) != 0 ? aux[pc] : next;
                    case J_JGT + K64 -> next = Long.compareUnsigned(r[d], imm[pc]) > 0 ? aux[pc] : next;
                    case J_JGT + X64 -> next = Long.compareUnsigned(r[d], r[s]) > 0 ? aux[pc] : next;
                    case J_JGT + K32 -> next = Integer.compareUnsigned((int) r[d], (int) imm[pc]) > 0 ? aux[pc] : next;
                    case J_JGT + X32 -> next = Integer.compareUnsigned((int) r[d], (int) r[s]) > 0 ? aux[pc] : next;
                    case J_JGE + K64 -> next = Long.compareUnsigned(r[d], imm[pc]) >= 0 ? aux[pc] : next;
                    case J_JGE + X64 -> next = Long.compareUnsigned(r[d], r[s]) >= 0 ? aux[pc] : next;
                    case J_JGE + K32 -> next = Integer.compareUnsigned((int) r[d], (int) imm[pc]) >= 0 ? aux[pc] : next;
                    case J_JGE + X32 -> next = Integer.compareUnsigned((int) r[d], (int) r[s]) >= 0 ? aux[pc] : next;
                    case J_JLT + K64 -> next = Long.compareUnsigned(r[d], imm[pc]) < 0 ? aux[pc] : next;
                    case J_JLT + X64 -> next = Long.compareUnsigned(r[d], r[s]) < 0 ? aux[pc] : next;
                    case J_JLT + K32 -> next = Integer.compareUnsigned((int) r[d], (int) imm[pc]) < 0 ? aux[pc] : next;
                    case J_JLT + X32 -> next = Integer.compareUnsigned((int) r[d], (int) r[s]) < 0 ? aux[pc] : next;
                    case J_JLE + K64 -> next = Long.compareUnsigned(r[d], imm[pc]) <= 0 ? aux[pc] : next;
                    case J_JLE + X64 -> next = Long.compareUnsigned(r[d], r[s]) <= 0 ? aux[pc] : next;
                    case J_JLE + K32 -> next = Integer.compareUnsigned((int) r[d], (int) imm[pc]) <= 0 ? aux[pc] : next;
                    case J_JLE + X32 -> next = Integer.compareUnsigned((int) r[d], (int) r[s]) <= 0 ? aux[pc] : next;
                    case J_JSGT + K64 -> next = r[d] > imm[pc] ? aux[pc] : next;
                    case J_JSGT + X64 -> next = r[d] > r[s] ? aux[pc] : next;
                    case J_JSGT + K32 -> next = (int) r[d] > (int) imm[pc] ? aux[pc] : next;
                    case J_JSGT + X32 -> next = (int) r[d] > (int) r[s] ? aux[pc] : next;
                    case J_JSGE + K64 -> next = r[d] >= imm[pc] ? aux[pc] : next;
                    case J_JSGE + X64 -> next = r[d] >= r[s] ? aux[pc] : next;
                    case J_JSGE + K32 -> next = (int) r[d] >= (int) imm[pc] ? aux[pc] : next;
                    case J_JSGE + X32 -> next = (int) r[d] >= (int) r[s] ? aux[pc] : next;
                    case J_JSLT + K64 -> next = r[d] < imm[pc] ? aux[pc] : next;
                    case J_JSLT + X64 -> next = r[d] < r[s] ? aux[pc] : next;
                    case J_JSLT + K32 -> next = (int) r[d] < (int) imm[pc] ? aux[pc] : next;
                    case J_JSLT + X32 -> next = (int) r[d] < (int) r[s] ? aux[pc] : next;
                    case J_JSLE + K64 -> next = r[d] <= imm[pc] ? aux[pc] : next;
                    case J_JSLE + X64 -> next = r[d] <= r[s] ? aux[pc] : next;
                    case J_JSLE + K32 -> next = (int) r[d] <= (int) imm[pc] ? aux[pc] : next;
                    case J_JSLE + X32 -> next = (int) r[d] <= (int) r[s] ? aux[pc] : next;

                    case LDX_B -> r[d] = mem.get(TenantMemory.U8, ctx.checkedOffset(r[s] + aux[pc], 1, false)) & 0xffL;
                    case LDX_H -> r[d] = mem.get(TenantMemory.U16, ctx.checkedOffset(r[s] + aux[pc], 2, false)) & 0xffffL;
                    case LDX_W -> r[d] = mem.get(TenantMemory.U32, ctx.checkedOffset(r[s] + aux[pc], 4, false)) & 0xffff_ffffL;
                    case LDX_DW -> r[d] = mem.get(TenantMemory.U64, ctx.checkedOffset(r[s] + aux[pc], 8, false));
                    case LDSX_B -> r[d] = mem.get(TenantMemory.U8, ctx.checkedOffset(r[s] + aux[pc], 1, false));
                    case LDSX_H -> r[d] = mem.get(TenantMemory.U16, ctx.checkedOffset(r[s] + aux[pc], 2, false));
                    case LDSX_W -> r[d] = mem.get(TenantMemory.U32, ctx.checkedOffset(r[s] + aux[pc], 4, false));
                    case STX_B -> mem.set(TenantMemory.U8, ctx.checkedOffset(r[d] + aux[pc], 1, true), (byte) r[s]);
                    case STX_H -> mem.set(TenantMemory.U16, ctx.checkedOffset(r[d] + aux[pc], 2, true), (short) r[s]);
                    case STX_W -> mem.set(TenantMemory.U32, ctx.checkedOffset(r[d] + aux[pc], 4, true), (int) r[s]);
                    case STX_DW -> mem.set(TenantMemory.U64, ctx.checkedOffset(r[d] + aux[pc], 8, true), r[s]);
                    case ST_B -> mem.set(TenantMemory.U8, ctx.checkedOffset(r[d] + aux[pc], 1, true), (byte) imm[pc]);
                    case ST_H -> mem.set(TenantMemory.U16, ctx.checkedOffset(r[d] + aux[pc], 2, true), (short) imm[pc]);
                    case ST_W -> mem.set(TenantMemory.U32, ctx.checkedOffset(r[d] + aux[pc], 4, true), (int) imm[pc]);
                    case ST_DW -> mem.set(TenantMemory.U64, ctx.checkedOffset(r[d] + aux[pc], 8, true), imm[pc]);
                    case LDDW -> {
                        r[d] = imm[pc];
                        next = pc + 2;
                    }
                    case ENDIAN -> {
                        Endian e = (Endian) code.insn[pc];
                        int x = e.dst().number();
                        r[x] = switch (e.op()) {
                            case LE -> AluOps.toLe(r[x], e.bits());
                            case BE, SWAP -> AluOps.swap(r[x], e.bits());
                        };
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
                    case CALL -> {
                        r[0] = callHelper(pc, helpers, aux[pc], code.helper[pc], ctx, r);
                        if (ctx.exitRequested()) {
                            return ctx.exitValue();
                        }
                    }
                    case CALLX -> {
                        long id = r[d];
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
                        next = aux[pc];
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
