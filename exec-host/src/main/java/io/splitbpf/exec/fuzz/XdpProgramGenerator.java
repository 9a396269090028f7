package io.splitbpf.exec.fuzz;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
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
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.fuzz.FuzzProgram.Branch;
import io.splitbpf.exec.fuzz.FuzzProgram.CallFunction;
import io.splitbpf.exec.fuzz.FuzzProgram.Item;
import io.splitbpf.exec.fuzz.FuzzProgram.Mark;
import io.splitbpf.exec.fuzz.FuzzProgram.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/// Generates random XDP programs that read and write the packet, its meta area and map values,
/// for testing a verifier against the checked interpreter: the programs a sound verifier
/// accepts never fault, whatever the packet and the maps hold ([XdpRunner] runs them).
///
/// Most accesses are guarded as a verifier wants them: a packet access after comparing
/// `data + offset + size` with `data_end` (the meta area against `data`), a map value access
/// after `map_lookup_elem` and its null check, within `value_size`, atomics on map values
/// aligned (on the stack, some are misaligned: safe there). In a
/// *risky* program (about two in five) some guards are missing or wrong: no bound check, a
/// check off by one, a variable offset that is not masked, no null check, an offset past the
/// value or before the region, a misaligned atomic on a map value, a store or an atomic above the
/// stack, a map update whose
/// value runs off the stack. So some programs are unsafe, and a verifier must refuse those.
///
/// Registers: r6 holds the context, r7 `data` and r8 `data_end` in every function (set by its
/// fixed prologue, never written again), r9 counts the loop, r0–r3 hold numbers between
/// statements (every call is followed by fixed moves into r1–r3, which calls clobber), r4
/// and r5 hold the pointers of packet accesses (and are reset after each). Every function zeroes the stack
/// window `[r10 - 16, r10)` first; other statements use only that memory of the stack (lookup
/// keys go to its top 8 bytes). Few stack cells and short programs keep verification fast. Function 0 ends with `r0 &= 3` (an XDP action).
/// Programs terminate by construction, as [ProgramGenerator]'s do.
public final class XdpProgramGenerator {
    /// The maps programs use, by index: an array of 4 values of 12 bytes (keys 0–3) and a hash
    /// table of up to 8 values of 16 bytes with 8-byte keys.
    public static final List<MapSpec> MAPS = List.of(map("values", MapType.ARRAY, 4, 12, 4),
            map("table", MapType.HASH, 8, 16, 8));
    /// The largest packet a program is run on.
    public static final int MAX_PACKET = 64;
    /// The bytes of stack every function zeroes and reads: `[r10 - WINDOW, r10)`.
    public static final int WINDOW = 16;
    /// The keys hash lookups use: `[0, HASH_KEYS)`, of which the runner stores some.
    public static final int HASH_KEYS = 12;
    /// Where lookup keys are stored: the top of the window.
    private static final short KEY_SLOT = -8;
    /// The registers random statements compute with; few, so that the analysis tracks few
    /// variables.
    private static final Reg[] SCALARS = {Reg.R0, Reg.R1, Reg.R2, Reg.R3};
    /// What a call clobbers of the scalars.
    private static final Reg[] CLOBBERED = {Reg.R1, Reg.R2, Reg.R3};
    /// The registers a packet or meta access holds its pointers in.
    private static final Reg[] SCRATCH = {Reg.R4, Reg.R5};
    private static final int[] SPECIAL_IMM = {0, 1, -1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 255, 256, 0xffff,
        Integer.MAX_VALUE, Integer.MIN_VALUE, -64};
    private static final int[] MASKS = {1, 3, 7, 15, 31, 63};
    private static final JmpOp[] CONDITIONS = Arrays.stream(JmpOp.values()).filter(op -> op != JmpOp.JA)
            .toArray(JmpOp[]::new);
    private static final int MAX_FUNCTIONS = 3;
    private static final int MAX_TRIPS = 6;

    private final int statements;

    /// A generator of programs of up to 24 statements in their main function.
    public XdpProgramGenerator() {
        this(24);
    }

    /// A generator of programs of up to `statements` statements in their main function (and
    /// half as many in each subprogram): smaller programs verify faster.
    public XdpProgramGenerator(int statements) {
        if (statements < 1) {
            throw new IllegalArgumentException("programs of " + statements + " statements");
        }
        this.statements = statements;
    }

    private static MapSpec map(String name, MapType type, int key, int value, int max) {
        return new MapSpec(name, type, key, value, max, 0, 0, 0, 0, Optional.empty(), new byte[0], List.of(), false,
                Optional.empty(), Optional.empty(), MapOrigin.BTF);
    }

    /// Generates the program of `seed` (the same seed, the same program). Its input is a
    /// packet of random bytes; [XdpRunner] also runs it on other inputs.
    public FuzzProgram generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean risky = rnd.nextInt(5) < 2;
        int functions = 1 + rnd.nextInt(MAX_FUNCTIONS);
        List<List<Item>> out = new ArrayList<>();
        for (int f = 0; f < functions; f++) {
            int budget = f == 0 ? 1 + rnd.nextInt(statements) : 1 + rnd.nextInt(Math.max(1, statements / 2));
            out.add(new Function(rnd, f, functions, risky).generate(budget));
        }
        byte[] packet = new byte[rnd.nextInt(MAX_PACKET + 1)];
        for (int i = 0; i < packet.length; i++) {
            packet[i] = (byte) rnd.nextInt(256);
        }
        return new FuzzProgram(seed, out, packet);
    }

    /// The state of one function being generated.
    private static final class Function extends FunctionWriter {
        private final int index;
        private final int count;
        private final boolean risky;
        private boolean inLoop;

        Function(SplittableRandom rnd, int index, int count, boolean risky) {
            super(rnd);
            this.index = index;
            this.count = count;
            this.risky = risky;
        }

        List<Item> generate(int budget) {
            fixed(new Alu(AluOp.MOV, Width.W64, Reg.R6, Reg.R1));
            fixed(new Load(MemSize.W, false, Reg.R7, Reg.R6, (short) 0));
            fixed(new Load(MemSize.W, false, Reg.R8, Reg.R6, (short) 4));
            for (int off = -WINDOW; off < 0; off += 8) {
                fixed(new Store(MemSize.DW, Reg.R10, (short) off, new Imm(0)));
            }
            for (Reg r : SCALARS) {
                fixed(new Alu(AluOp.MOV, Width.W64, r, imm()));
            }
            block(budget, 0);
            if (index == 0) {
                fixed(new Alu(AluOp.AND, Width.W64, Reg.R0, new Imm(3)));
            }
            fixed(new Exit());
            return out;
        }

        @Override
        int statement(int budget, int nesting) {
            int k = rnd.nextInt(100);
            if (k < 24) {
                op(alu());
            } else if (k < 27) {
                op(new Endian(pick(EndianOp.values()), pick(new int[] {16, 32, 64}), scalar()));
            } else if (k < 29) {
                op(LoadImm64.of(scalar(), rnd.nextLong()));
            } else if (k < 36) {
                op(stackLoad());
            } else if (k < 43) {
                op(stackStore());
            } else if (k < 46) {
                op(stackAtomic());
            } else if (k < 48) {
                op(new Load(MemSize.W, false, scalar(), Reg.R6, (short) (12 + 4 * rnd.nextInt(3))));
            } else if (k < 55 && nesting < 2 && budget >= 3) {
                Operand src = rnd.nextBoolean() ? scalar() : imm();
                return ifBlock(budget, nesting, 8,
                        label -> new Branch(pick(CONDITIONS), width(), scalar(), src, label, false));
            } else if (k < 59 && !inLoop && nesting < 2 && budget >= 4) {
                return loop(budget, nesting);
            } else if (k < 63) {
                return helperCall();
            } else if (k < 67 && index + 1 < count) {
                out.add(new CallFunction(index + 1 + rnd.nextInt(count - index - 1)));
                return 2 + clobbered();
            } else if (k < 80) {
                return packetAccess();
            } else if (k < 84) {
                return metaAccess();
            } else if (k < 96) {
                return mapAccess();
            } else {
                return mapUpdate();
            }
            return 1;
        }

        /// One guard of a risky program is wrong about one time in three.
        private boolean unsafe() {
            return risky && rnd.nextInt(3) == 0;
        }

        /// Fixed moves of numbers into r1–r3 after a call clobbered them (r4 and r5 are
        /// written before they are read).
        private int clobbered() {
            for (Reg r : CLOBBERED) {
                fixed(new Alu(AluOp.MOV, Width.W64, r, imm()));
            }
            return CLOBBERED.length;
        }

        private Insn alu() {
            AluOp op = pick(AluOp.values());
            Width w = op == AluOp.MOVSX32 ? Width.W64 : width();
            Operand src = op == AluOp.NEG ? new Imm(0) : op.isMovSx() || rnd.nextBoolean() ? scalar() : imm();
            return new Alu(op, w, scalar(), src);
        }

        private Insn stackLoad() {
            MemSize size = pick(MemSize.values());
            boolean sx = size != MemSize.DW && rnd.nextInt(4) == 0;
            return new Load(size, sx, scalar(), Reg.R10, windowOffset(size.bytes(), 1));
        }

        private Insn stackStore() {
            MemSize size = pick(MemSize.values());
            Operand src = rnd.nextBoolean() ? scalar() : imm();
            // Unsafe: just above the stack's top.
            short off = unsafe() ? (short) rnd.nextInt(8) : windowOffset(size.bytes(), 1);
            return new Store(size, Reg.R10, off, src);
        }

        private Insn stackAtomic() {
            AtomicOp op = pick(AtomicOp.values());
            boolean fetch = op.alwaysFetches() || rnd.nextBoolean();
            MemSize size = rnd.nextBoolean() ? MemSize.W : MemSize.DW;
            // Misaligned ones are safe on the slot-private stack (one in three); unsafe: past
            // the stack's top.
            short off = unsafe() ? (short) (windowOffset(size.bytes(), size.bytes()) + WINDOW - 2)
                    : windowOffset(size.bytes(), rnd.nextInt(3) == 0 ? 1 : size.bytes());
            Reg src = fetch && op != AtomicOp.CMPXCHG ? scalar() : scalar();
            return new Atomic(op, fetch, size, Reg.R10, off, src);
        }

        /// `r9 = 0; head: body; r9 += 1; if r9 < trips goto head`: the form a verifier bounds.
        private int loop(int budget, int nesting) {
            int trips = 1 + rnd.nextInt(MAX_TRIPS);
            int inner = 1 + rnd.nextInt(Math.min(budget - 3, 6));
            int head = label();
            fixed(new Alu(AluOp.MOV, Width.W64, Reg.R9, new Imm(0)));
            out.add(new Mark(head));
            inLoop = true;
            block(inner, nesting + 1);
            inLoop = false;
            fixed(new Alu(AluOp.ADD, Width.W64, Reg.R9, new Imm(1)));
            out.add(new Branch(JmpOp.JLT, Width.W64, Reg.R9, new Imm(trips), head, true));
            return inner + 3;
        }

        /// `ktime_get_ns`, `get_prandom_u32` or `get_smp_processor_id`: numbers in r0.
        private int helperCall() {
            op(new Call(pick(new int[] {5, 7, 8})));
            return 1 + clobbered();
        }

        /// `A = data (+ masked offset); B = A + n; if B > data_end goto skip; access A + off`.
        private int packetAccess() {
            Reg[] ab = twoScratch();
            Reg a = ab[0];
            Reg b = ab[1];
            MemSize size = pick(new MemSize[] {MemSize.B, MemSize.H, MemSize.W, MemSize.DW});
            op(new Alu(AluOp.MOV, Width.W64, a, Reg.R7));
            int n = 3;
            if (rnd.nextInt(3) == 0) {
                n += variableOffset(a, b);
            }
            int off = rnd.nextInt(16);
            guardedAccess(a, b, off, size, Reg.R8, true);
            return n + 4;
        }

        /// `A = data_meta; B = A + n; if B > data goto skip; access A + off`.
        private int metaAccess() {
            Reg[] ab = twoScratch();
            op(new Load(MemSize.W, false, ab[0], Reg.R6, (short) 8));
            MemSize size = pick(new MemSize[] {MemSize.B, MemSize.H, MemSize.W});
            guardedAccess(ab[0], ab[1], rnd.nextInt(4), size, Reg.R7, false);
            return 5;
        }

        /// `B = D; B &= mask; A += B` (unsafe: not masked, or masked and then lowered).
        private int variableOffset(Reg a, Reg b) {
            op(new Alu(AluOp.MOV, Width.W64, b, scalarOtherThan(a, a)));
            boolean wrong = unsafe();
            if (!wrong || rnd.nextBoolean()) {
                op(new Alu(AluOp.AND, Width.W64, b, new Imm(pick(MASKS))));
            }
            if (wrong && rnd.nextBoolean()) {
                op(new Alu(AluOp.ADD, Width.W64, b, new Imm(-4)));
            }
            op(new Alu(AluOp.ADD, Width.W64, a, b));
            return 4;
        }

        /// `B = A; B += off + size; if B > end goto skip; access A + off; skip: A = 0; B = 0`,
        /// with an unsafe variant: the check missing, off by one, or reversed, or the access
        /// before `A`.
        private void guardedAccess(Reg a, Reg b, int off, MemSize size, Reg end, boolean packet) {
            int skip = label();
            boolean wrong = unsafe();
            int kind = wrong ? rnd.nextInt(4) : -1;
            op(new Alu(AluOp.MOV, Width.W64, b, a));
            op(new Alu(AluOp.ADD, Width.W64, b, new Imm(off + size.bytes() - (kind == 0 ? 1 : 0))));
            if (kind != 1) {
                boolean reversed = rnd.nextBoolean();
                JmpOp op = kind == 2 ? JmpOp.JLT : reversed ? JmpOp.JLT : JmpOp.JGT;
                out.add(reversed && kind != 2 ? new Branch(op, Width.W64, end, b, skip, false)
                        : new Branch(op, Width.W64, b, end, skip, false));
            }
            int at = kind == 3 ? -1 - rnd.nextInt(packet ? 4 : 2) : off;
            access(a, at, size, b);
            out.add(new Mark(skip));
            fixed(new Alu(AluOp.MOV, Width.W64, a, new Imm(0)));
            fixed(new Alu(AluOp.MOV, Width.W64, b, new Imm(0)));
        }

        /// A load into a number register, or a store of one (not `base` or `other`, which may
        /// hold pointers) or of an immediate, at `base + off`. With `other` r0 (a map value,
        /// right after the lookup clobbered r1–r5) a store stores an immediate.
        private void access(Reg base, int off, MemSize size, Reg other) {
            if (rnd.nextBoolean()) {
                op(new Load(size, false, scalarOtherThan(base, base), base, (short) off));
            } else {
                boolean register = other != Reg.R0 && rnd.nextBoolean();
                op(new Store(size, base, (short) off, register ? scalarOtherThan(base, other) : imm()));
            }
        }

        /// `key = k; r1 = map; r2 = &key; call lookup; if r0 == 0 goto skip; access r0 + off`.
        private int mapAccess() {
            int m = rnd.nextInt(MAPS.size());
            MapSpec spec = MAPS.get(m);
            mapAndKey(m);
            fixed(new Call(1));
            int skip = label();
            if (!unsafe()) {
                out.add(new Branch(JmpOp.JEQ, Width.W64, Reg.R0, new Imm(0), skip, false));
            }
            MemSize size = pick(new MemSize[] {MemSize.B, MemSize.H, MemSize.W, MemSize.DW});
            int room = spec.valueSize() - size.bytes();
            int off = rnd.nextInt(room + 1);
            if (unsafe()) {
                off = rnd.nextBoolean() ? room + 1 + rnd.nextInt(4) : -1;
            }
            if (rnd.nextInt(4) == 0) {
                // A variable offset from the (numeric) stack window, masked to what is left of
                // the value (unsafe: past it).
                int left = room - off;
                op(new Load(MemSize.B, false, Reg.R1, Reg.R10, (short) -1));
                op(new Alu(AluOp.AND, Width.W64, Reg.R1, new Imm(unsafe() ? 15
                        : left < 0 ? 0 : Integer.highestOneBit(left + 1) - 1)));
                op(new Alu(AluOp.ADD, Width.W64, Reg.R0, Reg.R1));
            }
            if (rnd.nextInt(5) == 0 && off >= 0 && size.bytes() >= 4) {
                MemSize w = size == MemSize.DW ? MemSize.DW : MemSize.W;
                op(new Alu(AluOp.MOV, Width.W64, Reg.R2, imm()));
                // Unsafe: misaligned (map values are shared, so atomics there must be aligned).
                int at = (off & -w.bytes()) + (unsafe() ? 2 : 0);
                op(new Atomic(AtomicOp.ADD, rnd.nextBoolean(), w, Reg.R0, (short) at, Reg.R2));
            } else {
                // r1–r5 were clobbered by the call: a store stores an immediate.
                access(Reg.R0, off, size, Reg.R0);
            }
            out.add(new Mark(skip));
            fixed(new Alu(AluOp.MOV, Width.W64, Reg.R0, new Imm(0)));
            return 9 + clobbered();
        }

        /// `map_update_elem` (value from the stack window) or `map_delete_elem` of a key.
        private int mapUpdate() {
            int m = rnd.nextInt(MAPS.size());
            MapSpec spec = MAPS.get(m);
            mapAndKey(m);
            if (rnd.nextBoolean()) {
                fixed(new Call(3));
                return 5 + clobbered();
            }
            // Unsafe: a value that runs past the stack's top.
            int value = unsafe() ? -spec.valueSize() + 8 : -WINDOW + rnd.nextInt(WINDOW - spec.valueSize() + 1);
            op(new Alu(AluOp.MOV, Width.W64, Reg.R3, Reg.R10));
            op(new Alu(AluOp.ADD, Width.W64, Reg.R3, new Imm(value)));
            op(new Alu(AluOp.MOV, Width.W64, Reg.R4, new Imm(0)));
            fixed(new Call(2));
            return 8 + clobbered();
        }

        /// The arguments of a map helper: r1 = map `m`, r2 = a key stored in the key slot.
        private void mapAndKey(int m) {
            storeKey(MAPS.get(m));
            fixed(LoadImm64.mapRef(Reg.R1, m));
            fixed(new Alu(AluOp.MOV, Width.W64, Reg.R2, Reg.R10));
            fixed(new Alu(AluOp.ADD, Width.W64, Reg.R2, new Imm(KEY_SLOT)));
        }

        /// Stores a lookup key into the key slot: a constant (sometimes one no element has) or
        /// a number register.
        private void storeKey(MapSpec spec) {
            MemSize size = spec.keySize() == 8 ? MemSize.DW : MemSize.W;
            int bound = spec.type() == MapType.ARRAY ? spec.maxEntries() + 2 : HASH_KEYS;
            Operand key = rnd.nextInt(4) == 0 ? scalar() : new Imm(rnd.nextInt(bound));
            op(new Store(size, Reg.R10, KEY_SLOT, key));
        }

        /// An offset in the stack window for `size` bytes, a multiple of `align`.
        private short windowOffset(int size, int align) {
            int slots = (WINDOW - size) / align + 1;
            return (short) (rnd.nextInt(slots) * align - WINDOW);
        }

        private Reg[] twoScratch() {
            return rnd.nextBoolean() ? SCRATCH.clone() : new Reg[] {SCRATCH[1], SCRATCH[0]};
        }

        private Reg scalarOtherThan(Reg r, Reg q) {
            Reg s;
            do {
                s = pick(SCALARS);
            } while (s == r || s == q);
            return s;
        }

        private Reg scalar() {
            return pick(SCALARS);
        }

        private Imm imm() {
            return new Imm(rnd.nextInt(3) == 0 ? rnd.nextInt() : pick(SPECIAL_IMM));
        }

    }
}
