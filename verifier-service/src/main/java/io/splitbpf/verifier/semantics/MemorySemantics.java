package io.splitbpf.verifier.semantics;

import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.platform.ContextDescriptor;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.StackCell;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.MachineArithmetic;
import io.splitbpf.verifier.domain.num.Scalar;
import java.util.Optional;

/// Abstract transfer of memory instructions: loads, stores, atomics and legacy packet loads.
///
/// Only the stack is modelled as memory (spilled values keep their type and variables); the
/// context yields packet pointers at its `data`, `data_end` and `data_meta` fields and numbers
/// elsewhere; packet and map memory hold numbers.
public final class MemorySemantics {
    private MemorySemantics() {}

    /// The range of constant offsets `[lo, hi]` (in the whole stack) that `base + off` may be,
    /// when `base` is a stack pointer with a finite offset.
    static Optional<long[]> stackRange(EbpfState s, Reg base, int off) {
        Interval i = s.values().interval(Variables.of(base, "stack_offset"));
        if (i.isBottom() || !i.lo().isFinite() || !i.hi().isFinite()) {
            return Optional.empty();
        }
        return Optional.of(new long[] {i.lo().value() + off, i.hi().value() + off});
    }

    public static EbpfState load(EbpfState s, Load l, AnalysisContext ctx) {
        TypeSet t = s.type(l.base());
        int width = l.size().bytes();
        Scalar loaded = l.signExtend() ? Scalar.ofSigned(Interval.signedRange(8 * width))
                : Scalar.ofUnsigned(Interval.unsignedRange(8 * width));
        if (t.equals(TypeSet.of(RegionType.STACK))) {
            return loadStack(s, l, width, loaded);
        }
        if (t.equals(TypeSet.of(RegionType.CTX))) {
            return loadContext(s, l, width, loaded, ctx.info().descriptor().context());
        }
        if ((t.contains(RegionType.CTX) || t.contains(RegionType.STACK)) && !mixedLoadIsNumber(s, l, width, ctx)) {
            // A mix of regions where one may hold a pointer there: the value is of unknown
            // type, so no later use that needs a number or a pointer accepts it.
            return s.setRegister(l.dst(), TypeSet.INITIALISED);
        }
        // Invariant: TypeConstraint(base, pointer) and ValidAccess gate this: packet and map
        // memory hold numbers only (ValidStore keeps pointers out of them).
        return s.withNumber(l.dst(), loaded);
    }

    /// Whether a load through a pointer to several regions reads a number in each: the stack
    /// part is no spilled pointer read whole, the context part no packet pointer field.
    // Invariant: ValidAccess(read) makes every other byte read from the stack numeric and
    // rejects every read of the context's opaque fields.
    private static boolean mixedLoadIsNumber(EbpfState s, Load l, int width, AnalysisContext ctx) {
        TypeSet t = s.type(l.base());
        if (t.contains(RegionType.STACK)) {
            Optional<long[]> range = stackRange(s, l.base(), l.offset());
            if (range.isEmpty() || range.get()[0] == range.get()[1] && s.stack().cell((int) range.get()[0], width)
                    .filter(c -> !c.type().within(TypeSet.NUMBER)).isPresent()) {
                return false;
            }
        }
        if (t.contains(RegionType.CTX)) {
            Interval range = s.values().interval(Variables.of(l.base(), "ctx_offset")).add(Interval.of(l.offset()));
            return !overlapsPointerField(range, width, ctx.info().descriptor().context());
        }
        return true;
    }

    private static EbpfState loadStack(EbpfState s, Load l, int width, Scalar loaded) {
        Optional<long[]> range = stackRange(s, l.base(), l.offset());
        if (range.isPresent() && range.get()[0] == range.get()[1]) {
            int off = (int) range.get()[0];
            // Invariant: only 8-byte cells hold whole pointers; a narrower one that is not a
            // number holds part of one (store), which must not come back as a pointer.
            Optional<StackCell> cell = s.stack().cell(off, width)
                    .filter(c -> width == 8 || c.type().within(TypeSet.NUMBER));
            if (cell.isPresent() && !l.signExtend()) {
                return s.fill(l.dst(), cell.get());
            }
            Optional<Long> known = s.constantBytes(off, width);
            if (known.isPresent()) {
                Scalar v = Scalar.of(known.get());
                return s.withNumber(l.dst(), l.signExtend() ? MachineArithmetic.signExtend(v, 8 * width, true) : v);
            }
        }
        boolean numeric = range.isPresent() && range.get()[0] >= 0 && range.get()[1] + width <= s.stack().size()
                && s.stack().isNumeric((int) range.get()[0], (int) range.get()[1] + width);
        if (numeric || (l.offset() >= 0 && l.offset() + width <= s.numericBytesAt(l.base()))) {
            return s.withNumber(l.dst(), loaded);
        }
        // Invariant: ValidAccess(read) demands numeric bytes or exactly one spilled cell
        // (handled above) unless the base is r10; there, other bytes (uninitialised, or part
        // of a pointer) give a value that no use accepts.
        return s.setRegister(l.dst(), TypeSet.TOP);
    }

    private static EbpfState loadContext(EbpfState s, Load l, int width, Scalar loaded, ContextDescriptor c) {
        Interval range = s.values().interval(Variables.of(l.base(), "ctx_offset")).add(Interval.of(l.offset()));
        Optional<Long> off = range.singleton();
        if (off.isPresent() && width == c.pointerWidth()) {
            Reg dst = l.dst();
            String target = Variables.of(dst, "packet_offset");
            if (c.data().isPresent() && off.get() == (long) c.data().get()) {
                return packetPointer(s, dst).withValues(packetPointer(s, dst).values().assign(target, Interval.of(0)));
            }
            if (c.dataEnd().isPresent() && off.get() == (long) c.dataEnd().get()) {
                EbpfState p = packetPointer(s, dst);
                return p.withValues(p.values().assign(target, Variables.PACKET_SIZE, 0));
            }
            if (c.dataMeta().isPresent() && off.get() == (long) c.dataMeta().get()) {
                EbpfState p = packetPointer(s, dst);
                return p.withValues(p.values().assign(target, Variables.META_OFFSET, 0));
            }
        }
        // Part of a pointer field, or a read straddling one (PREVAIL #1204): real pointer bits
        // on Linux, so the value gets no type and no use accepts it (the host reads 0 there:
        // exec-host's ContextRewriter).
        if (overlapsPointerField(range, width, c)) {
            return s.setRegister(l.dst(), TypeSet.INITIALISED);
        }
        // Invariant: ValidAccess on the context bounds the offset within the structure and
        // rejects every read of an opaque field, so every other read yields a plain number.
        return s.withNumber(l.dst(), loaded);
    }

    /// Whether a read of `width` bytes at some offset in `range` may touch a packet pointer
    /// field (every offset when the range is unbounded).
    private static boolean overlapsPointerField(Interval range, int width, ContextDescriptor c) {
        if (range.isBottom()) {
            return false;
        }
        if (!range.lo().isFinite() || !range.hi().isFinite()) {
            return true;
        }
        long lo = Math.max(range.lo().value(), -width);
        long hi = Math.min(range.hi().value(), c.size());
        return lo <= hi && c.pointerFieldOverlapping((int) lo, (int) (hi - lo + width)).isPresent();
    }

    /// A packet pointer read from the context, with PREVAIL's value range for it (above the
    /// largest meta area). A packet pointer is never null, so its value decides nothing.
    private static EbpfState packetPointer(EbpfState s, Reg dst) {
        return s.setRegister(dst, TypeSet.of(RegionType.PACKET))
                .withScalar(dst, Scalar.ofSigned(Interval.of(4098, AnalysisContext.PTR_MAX)));
    }

    public static EbpfState store(EbpfState s, Store st) {
        int width = st.size().bytes();
        boolean number = st.src() instanceof Imm || s.type((Reg) st.src()).within(TypeSet.NUMBER);
        if (!s.type(st.base()).equals(TypeSet.of(RegionType.STACK))) {
            // Context, packet and map memory are not modelled: a store there changes nothing
            // the analysis tracks. Stack pointers mixed with other regions are covered below.
            return s.type(st.base()).contains(RegionType.STACK) ? weakStore(s, st.base(), st.offset(), width, number) : s;
        }
        Optional<long[]> range = stackRange(s, st.base(), st.offset());
        if (range.isEmpty()) {
            return weakStore(s, st.base(), st.offset(), width, number);
        }
        long lo = range.get()[0];
        long hi = range.get()[1];
        // Invariant: ValidAccess(write) keeps [lo, hi + width) inside the stack on accepted
        // programs; outside it the store only clips to the stack (the program is rejected).
        if (lo < 0 || hi + width > s.stack().size() || lo != hi) {
            return weakStore(s, st.base(), st.offset(), width, number);
        }
        int off = (int) lo;
        return switch (st.src()) {
            case Imm(var v) -> s.storeNumber(off, width, MachineArithmetic.truncate(Scalar.of(v), 8 * width));
            case Reg r when width == 8 -> s.spill(r, off);
            case Reg r when s.type(r).within(TypeSet.NUMBER) ->
                    s.storeNumber(off, width, MachineArithmetic.truncate(s.scalar(r), 8 * width));
            // Part of a non-number (TypeConstraint(src, number) gates narrow stores except
            // through r10, which reaches the stack only): the bytes take its type but none of
            // its variables, and loadStack never fills a register from such a narrow cell.
            case Reg r -> s.spillPart(r, off, width);
        };
    }

    /// A store of `width` bytes somewhere `base + off` may reach (the whole stack when
    /// unbounded). A weak update: each byte keeps its old content or gets part of the stored
    /// value, so numbers keep numeric bytes numeric (PREVAIL #1067); anything else havocs them.
    private static EbpfState weakStore(EbpfState s, Reg base, int off, int width, boolean number) {
        int size = s.stack().size();
        Optional<long[]> range = stackRange(s, base, off);
        int lo = (int) Math.max(0, Math.min(range.map(r -> r[0]).orElse(0L), size));
        int hi = (int) Math.max(0, Math.min(range.map(r -> r[1] + width).orElse((long) size), size));
        return number ? s.storeNumbersWeakly(lo, hi) : s.havocStack(lo, hi);
    }

    /// Atomic read-modify-write. On a number spilled exactly at the accessed stack bytes the
    /// operation is computed (the old value is what a fetch loads); on other memory it keeps
    /// holding a number of unknown value, and a fetch loads such a number.
    public static EbpfState atomic(EbpfState s, Atomic a) {
        int width = a.size().bytes();
        Reg target = a.op() == AtomicOp.CMPXCHG ? Reg.R0 : a.src();
        Scalar unknown = Scalar.ofUnsigned(Interval.unsignedRange(8 * width));
        Scalar old = unknown;
        EbpfState out = s;
        // Invariant: TypeConstraint(base, stack, shared or alloc_mem) gates atomics; map values
        // and helper memory hold numbers only (ValidStore, ValidMapKeyValue), and
        // ValidAccess(atomic update) keeps the stack bytes in the frame and numeric on accepted
        // programs (aligned or not: the host updates the slot-private stack in place). So the bytes stay numeric after the
        // operation, and a fetch loads a number.
        if (s.type(a.base()).contains(RegionType.STACK)) {
            Optional<long[]> range = stackRange(s, a.base(), a.offset());
            if (s.type(a.base()).equals(TypeSet.of(RegionType.STACK)) && range.isPresent()
                    && range.get()[0] == range.get()[1] && range.get()[0] >= 0
                    && range.get()[0] + width <= s.stack().size()) {
                int off = (int) range.get()[0];
                Optional<Scalar> known = numberAt(s, off, width);
                old = known.orElse(unknown);
                out = s.storeNumber(off, width, known.isPresent()
                        ? MachineArithmetic.truncate(result(s, a, old), 8 * width) : unknown);
            } else {
                out = weakStore(s, a.base(), a.offset(), width, true);
            }
        }
        if (!a.fetch() && a.op() != AtomicOp.XCHG && a.op() != AtomicOp.CMPXCHG) {
            return out;
        }
        return out.withNumber(target, old);
    }

    /// The number the stack holds at `[off, off + width)`: one spilled number there, or bytes
    /// of known value (also across cells, as a misaligned atomic may read them).
    private static Optional<Scalar> numberAt(EbpfState s, int off, int width) {
        Optional<StackCell> cell = s.stack().cell(off, width).filter(c -> c.type().equals(TypeSet.NUMBER));
        if (cell.isPresent()) {
            return Optional.of(new Scalar(s.interval(cell.get().variable("svalue")),
                    s.interval(cell.get().variable("uvalue"))));
        }
        return s.constantBytes(off, width).map(Scalar::of);
    }

    /// The value an atomic operation leaves in memory that held `old`.
    // Invariant: TypeConstraint(src, number) (and r0 for cmpxchg) gates atomics, so the
    // operands are numbers.
    private static Scalar result(EbpfState s, Atomic a, Scalar old) {
        boolean is64 = a.size().bytes() == 8;
        Scalar v = s.scalar(a.src());
        return switch (a.op()) {
            case ADD -> MachineArithmetic.add(old, v, is64);
            case OR -> MachineArithmetic.or(old, v, is64);
            case AND -> MachineArithmetic.and(old, v, is64);
            case XOR -> MachineArithmetic.xor(old, v, is64);
            case XCHG -> v;
            case CMPXCHG -> {
                Scalar expected = MachineArithmetic.truncate(s.scalar(Reg.R0), 8 * a.size().bytes());
                Optional<Long> e = expected.singleton();
                Optional<Long> o = old.singleton();
                if (e.isPresent() && o.isPresent()) {
                    yield e.get().equals(o.get()) ? v : old;
                }
                yield new Scalar(old.svalue().join(v.svalue()), old.uvalue().join(v.uvalue()));
            }
        };
    }

    /// Legacy `ld_abs`/`ld_ind`: r0 gets a number of the load's width and r1–r5 are clobbered,
    /// as the kernel's implementation calls a helper.
    public static EbpfState packetLoad(EbpfState s, PacketLoad p) {
        EbpfState out = s;
        for (int i = 1; i <= 5; i++) {
            out = out.havoc(Reg.of(i));
        }
        int bits = 8 * p.size().bytes();
        return out.withNumber(Reg.R0, Scalar.ofUnsigned(Interval.unsignedRange(bits)));
    }
}
