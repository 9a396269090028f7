package io.splitbpf.exec.context;

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
import io.splitbpf.core.platform.ContextDescriptor;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.runtime.LoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// Rewrites a program's context loads from Linux's structure to the host's layout, as Linux's
/// `convert_ctx_access` does after verification.
///
/// Which loads read the context? A forward analysis over the whole program (all functions,
/// to a fixpoint) gives each register one of three facts at each pc: CLEAN (never the
/// context), CTX (surely the unmodified context: r1 at entry, or a copy of it) and MAYBE (the
/// context on some path, or derived from it). A load whose base is CTX at a listed field
/// ([ContextField]) is rewritten to the field's host place; when the host keeps the rest of the
/// structure at Linux's offsets ([ContextLayout]), other loads inside the structure stay as they
/// are, and so do stores into the fields its descriptor lets programs write. Every other use of
/// a context pointer is refused, so the rewriting is sound rather than best effort:
/// - a load through a MAYBE base (the context on one path only, or `ctx + k`): Linux refuses
///   modified context pointers too;
/// - a load at an offset or size that is not a field and not inside the structure, or that
///   touches a pointer the host does not model (a load of part of a packet pointer field, or
///   straddling one, becomes `dst = 0`: the verifier gives its value no type);
/// - a store into the context outside its writable fields (XDP's has none), any atomic on it;
/// - storing a context pointer to memory whole (a spill): the analysis does not follow memory
///   (a narrow store of part of one is left alone: no load makes a pointer of those bytes).
///   clang spills the context only under register pressure, after taking the fields it
///   needs; a program that does gets a clear load error.
///
/// Subprograms receive the join of their callers' r1–r5 and return the join of their exits'
/// r0. Only loads change (same slot count), so jumps stay valid.
public final class ContextRewriter {
    private static final byte CLEAN = 0;
    private static final byte CTX = 1;
    private static final byte MAYBE = 2;

    private final String structName;
    private final List<ContextField> fields;
    private final Optional<ContextDescriptor> sameOffsets;

    /// A rewriter for the context structure `structName` whose readable fields are exactly
    /// `fields`, all of them read-only (XDP's `xdp_md`).
    public ContextRewriter(String structName, List<ContextField> fields) {
        this(structName, fields, Optional.empty());
    }

    /// A rewriter for a structure that the host keeps at Linux's offsets as `descriptor` lays
    /// it out, except `relocated` fields: the descriptor says what else may be read and what
    /// may be written.
    public ContextRewriter(ContextDescriptor descriptor, List<ContextField> relocated) {
        this(descriptor.name(), relocated, Optional.of(descriptor));
    }

    private ContextRewriter(String structName, List<ContextField> fields, Optional<ContextDescriptor> sameOffsets) {
        this.structName = Objects.requireNonNull(structName, "structName");
        this.fields = List.copyOf(fields);
        this.sameOffsets = sameOffsets;
    }

    /// `program` with its context loads rewritten.
    ///
    /// @throws LoadException naming the pc of a context use the rewriter cannot follow
    public InsnSeq rewrite(InsnSeq program) {
        byte[][] states = new ContextFlow(program).solve();
        List<LabeledInsn> out = new ArrayList<>(program.size());
        for (LabeledInsn li : program.insns()) {
            byte[] s = states[li.pc()];
            out.add(s == null ? li : new LabeledInsn(li.pc(), check(li.pc(), li, s), li.loc()));
        }
        return InsnSeq.of(out);
    }

    private Insn check(int pc, LabeledInsn li, byte[] s) {
        return switch (li.insn()) {
            case Load l when s[l.base().number()] == CTX -> load(pc, l);
            case Load l when s[l.base().number()] == MAYBE -> throw new LoadException(pc, "load through r"
                    + l.base().number() + ", which may hold a modified or path-dependent " + structName
                    + " pointer");
            // Part of the pointer (a narrow store, which the verifier allows through r10) never
            // comes back as a usable pointer (the verifier gives such bytes no type), so only
            // whole spills need following.
            case Store(var size, var base, var off, Reg src) when s[src.number()] != CLEAN && size == MemSize.DW ->
                throw new LoadException(pc, "the " + structName + " pointer in r" + src.number()
                        + " is stored to memory, which the context rewriter cannot follow");
            case Store st when s[st.base().number()] == CTX && writable(st.offset(), st.size().bytes()) -> st;
            case Store st when s[st.base().number()] != CLEAN -> throw new LoadException(pc, "store into the "
                    + structName + " context" + (sameOffsets.map(d -> !d.writable().isEmpty()).orElse(false)
                    ? " at offset " + st.offset() + " of " + st.size().bytes() + " bytes, which programs may not write"
                    : ", which is read-only"));
            case Atomic a when s[a.base().number()] != CLEAN || s[a.src().number()] != CLEAN ->
                throw new LoadException(pc, "atomic operation on or with the " + structName + " pointer");
            default -> li.insn();
        };
    }

    private Insn load(int pc, Load l) {
        ContextField f = field(l.offset(), l.size());
        if (f != null && !l.signExtend()) {
            return new Load(f.hostSize(), false, l.dst(), l.base(), (short) f.hostOffset());
        }
        if (f == null && readableInPlace(l.offset(), l.size().bytes())) {
            return l;
        }
        if (f == null && partOfPointer(l.offset(), l.size().bytes())) {
            // Part of a packet pointer, or a read straddling one: the verifier accepts it as
            // PREVAIL does but gives the value no type (no use of it is accepted), so any value
            // is sound; the host defines it as 0, which reads no memory and leaks no address bits
            // (the 32-bit slots have no host counterpart: the host keeps 64-bit pointers).
            return new Alu(AluOp.MOV, Width.W64, l.dst(), new Imm(0));
        }
        throw new LoadException(pc, "invalid access to " + structName + " at offset " + l.offset() + " of "
                + l.size().bytes() + " bytes");
    }

    /// Whether `[offset, offset + width)` is read where Linux has it: inside the structure,
    /// clear of the relocated fields and of the pointers the host does not model.
    private boolean readableInPlace(int offset, int width) {
        if (sameOffsets.isEmpty() || offset < 0 || offset + width > sameOffsets.get().size()) {
            return false;
        }
        for (ContextField f : fields) {
            if (offset < f.offset() + f.size().bytes() && f.offset() < offset + width) {
                return false;
            }
        }
        return sameOffsets.get().opaqueFieldOverlapping(offset, width).isEmpty();
    }

    /// Whether `[offset, offset + width)` lies inside the structure, touches a packet pointer
    /// field (one the host widens) other than whole, and no pointer the host does not model.
    private boolean partOfPointer(int offset, int width) {
        int size = sameOffsets.map(ContextDescriptor::size)
                .orElse(fields.stream().mapToInt(f -> f.offset() + f.size().bytes()).max().orElse(0));
        if (offset < 0 || offset + width > size
                || sameOffsets.flatMap(d -> d.opaqueFieldOverlapping(offset, width)).isPresent()) {
            return false;
        }
        return fields.stream().anyMatch(f -> f.hostSize() != f.size()
                && offset < f.offset() + f.size().bytes() && f.offset() < offset + width);
    }

    private boolean writable(int offset, int width) {
        return offset >= 0 && sameOffsets.map(d -> d.isWritable(offset, width)).orElse(false);
    }

    private ContextField field(short offset, MemSize size) {
        for (ContextField f : fields) {
            if (f.offset() == offset && f.size() == size) {
                return f;
            }
        }
        return null;
    }

    /// The fixpoint: states[pc] is the register facts before pc (null: unreachable).
    private static final class ContextFlow {
        private final InsnSeq program;
        private final byte[][] states;
        private final java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        private final java.util.TreeMap<Integer, Byte> exitR0 = new java.util.TreeMap<>();
        private final java.util.TreeSet<Integer> functions = new java.util.TreeSet<>();
        private final java.util.Map<Integer, List<Integer>> callers = new java.util.HashMap<>();

        ContextFlow(InsnSeq program) {
            this.program = program;
            this.states = new byte[program.slotCount()][];
            functions.add(0);
            for (LabeledInsn li : program.insns()) {
                if (li.insn() instanceof CallLocal c) {
                    functions.add(c.target(li.pc()));
                    callers.computeIfAbsent(c.target(li.pc()), k -> new ArrayList<>()).add(li.pc());
                }
            }
        }

        byte[][] solve() {
            byte[] entry = new byte[Reg.COUNT];
            entry[1] = CTX;
            flow(0, entry);
            while (!work.isEmpty()) {
                int pc = work.poll();
                LabeledInsn li = program.at(pc);
                if (li != null) {
                    step(pc, li, states[pc].clone());
                }
            }
            return states;
        }

        private void flow(int pc, byte[] s) {
            if (pc < 0 || pc >= states.length) {
                return;
            }
            byte[] old = states[pc];
            if (old == null) {
                states[pc] = s;
                work.add(pc);
                return;
            }
            boolean changed = false;
            for (int r = 0; r < s.length; r++) {
                byte j = old[r] == s[r] ? old[r] : MAYBE;
                if (j != old[r]) {
                    old[r] = j;
                    changed = true;
                }
            }
            if (changed) {
                work.add(pc);
            }
        }

        private void step(int pc, LabeledInsn li, byte[] s) {
            int next = pc + li.insn().slots();
            switch (li.insn()) {
                case Alu a -> s[a.dst().number()] = alu(a, s);
                case Endian e -> s[e.dst().number()] = s[e.dst().number()] == CLEAN ? CLEAN : MAYBE;
                case LoadImm64 l -> s[l.dst().number()] = CLEAN;
                case Load l -> s[l.dst().number()] = CLEAN;
                case Atomic a -> {
                    if (a.fetch()) {
                        s[a.op() == io.splitbpf.core.isa.AtomicOp.CMPXCHG ? 0 : a.src().number()] = CLEAN;
                    }
                }
                case Store st -> { }
                case Jump j -> {
                    flow(j.target(pc), s.clone());
                    if (j.op() == JmpOp.JA) {
                        return;
                    }
                }
                case Call c -> clobber(s);
                case CallReg c -> clobber(s);
                case CallKfunc k -> clobber(s);
                case PacketLoad p -> clobber(s);
                case CallLocal c -> {
                    callLocal(pc, c.target(pc), s);
                    return;
                }
                case Exit e -> {
                    exit(pc, s[0]);
                    return;
                }
            }
            flow(next, s);
        }

        private static byte alu(Alu a, byte[] s) {
            byte src = a.src() instanceof Reg r ? s[r.number()] : CLEAN;
            if (a.op() == AluOp.MOV && a.width() == Width.W64) {
                return src;
            }
            boolean readsDst = a.op() != AluOp.MOV && a.op() != AluOp.MOVSX8 && a.op() != AluOp.MOVSX16
                    && a.op() != AluOp.MOVSX32;
            byte dst = readsDst ? s[a.dst().number()] : CLEAN;
            return src == CLEAN && dst == CLEAN ? CLEAN : MAYBE;
        }

        private static void clobber(byte[] s) {
            for (int r = 0; r <= 5; r++) {
                s[r] = CLEAN;
            }
        }

        private void callLocal(int pc, int target, byte[] s) {
            byte[] callee = new byte[Reg.COUNT];
            System.arraycopy(s, 1, callee, 1, 5);
            flow(target, callee);
            Byte r0 = exitR0.get(target);
            if (r0 != null) {
                byte[] after = s.clone();
                clobber(after);
                after[0] = r0;
                flow(pc + 1, after);
            }
        }

        private void exit(int pc, byte r0) {
            int function = functions.floor(pc);
            Byte old = exitR0.get(function);
            byte joined = old == null || old == r0 ? r0 : MAYBE;
            if (old == null || old != joined) {
                exitR0.put(function, joined);
                for (int caller : callers.getOrDefault(function, List.of())) {
                    if (states[caller] != null) {
                        work.add(caller);
                    }
                }
            }
        }
    }
}
