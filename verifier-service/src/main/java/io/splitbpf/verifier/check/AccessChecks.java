package io.splitbpf.verifier.check;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.platform.ContextDescriptor;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.platform.SocketLayout;
import io.splitbpf.verifier.assertion.Assertion.AccessKind;
import io.splitbpf.verifier.assertion.Assertion.ValidAccess;
import io.splitbpf.verifier.assertion.Assertion.ValidMapKeyValue;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Bound;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import io.splitbpf.verifier.semantics.AnalysisContext;
import io.splitbpf.verifier.semantics.MapShape;
import java.util.Optional;

/// Checks of memory accesses, per region the base register may point to: the stack (frame
/// bounds, initialised bytes), the context (size, pointer fields, writable fields, Linux's widths), packets
/// (against `meta_offset` and `packet_size`, relationally) and map values (null, value size).
final class AccessChecks {
    private AccessChecks() {}

    /// An access of `[base + offset, base + offset + width)`, `width` in `[wLo, wHi]` (the
    /// value of `widthReg` when there is one). `spillReload` marks a load instruction, which
    /// may read one spilled value whole (its transfer restores the value's type); helpers and
    /// map arguments read bytes, so they need numbers.
    private record Access(Reg base, long offset, long wLo, long wHi, Optional<Reg> widthReg, AccessKind kind,
                          boolean spillReload) {}

    static Optional<Sentence> access(EbpfState s, ValidAccess v, AnalysisContext ctx) {
        long wLo = v.width();
        long wHi = v.width();
        if (v.widthReg().isPresent()) {
            Interval w = s.scalar(v.widthReg().get()).svalue();
            if (!w.hi().isFinite() || !w.lo().isFinite()) {
                return Optional.of(Sentence.upperBound("total_stack_size"));
            }
            wLo = Math.max(0, w.lo().value());
            wHi = w.hi().value();
        }
        // Invariant: only load and store instructions make constant-width accesses (helper
        // memory arguments carry their width in a register).
        boolean load = v.widthReg().isEmpty() && v.kind() == AccessKind.READ;
        return regions(s, new Access(v.base(), v.offset(), wLo, wHi, v.widthReg(), v.kind(), load), ctx,
                Sentence.NOT_NUMERIC);
    }

    private static Optional<Sentence> regions(EbpfState s, Access a, AnalysisContext ctx, Sentence nonNumeric) {
        for (RegionType t : s.type(a.base()).types()) {
            Optional<Sentence> f = switch (t) {
                case STACK -> stack(s, a, ctx, nonNumeric);
                case CTX -> context(s, a, ctx.info().descriptor());
                case PACKET -> packet(s, a, ctx);
                case SHARED -> shared(s, a);
                case SOCKET -> socket(s, a);
                case ALLOC_MEM -> allocated(s, a);
                case NUMBER -> number(s, a);
                case MAP_FD, MAP_FD_PROGRAMS -> a.kind() == AccessKind.COMPARE ? Optional.empty()
                        : Optional.of(Sentence.FD_DEREF);
                case UNINIT -> Optional.of(Sentence.INVALID_TYPE);
            };
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /// `var + offset` as an interval.
    private static Interval at(EbpfState s, Reg r, String kind, long offset) {
        return s.values().interval(Variables.of(r, kind)).add(Interval.of(offset));
    }

    private static Optional<Sentence> stack(EbpfState s, Access a, AnalysisContext ctx, Sentence nonNumeric) {
        Interval off = at(s, a.base(), "stack_offset", a.offset());
        Interval frame = s.values().interval(Variables.of(Reg.R10, "stack_offset"));
        // A read through r10 may see any byte of the frame (PREVAIL's rule): what it loads from
        // bytes that are not numbers nor one spilled value has no usable type.
        boolean needsNumbers = a.kind() == AccessKind.READ && a.wHi() > 0 && a.base() != Reg.R10;
        boolean inFrame = off.lo().isFinite() && frame.lo().isFinite()
                && off.lo().value() >= Math.max(0, frame.lo().value() - ctx.frameSize());
        // Invariant: stores, atomics and helper writes are bounded below by r10's frame
        // (this check), and a callee's frame is havocked when it returns, so numeric bytes lie
        // in live frames only: a read that needs them needs no bound from r10 besides 0.
        if (!off.lo().isFinite() || off.lo().value() < 0 || (!inFrame && !needsNumbers)) {
            return Optional.of(Sentence.STACK_LOWER);
        }
        if (!off.hi().isFinite() || off.hi().value() + a.wHi() > s.stack().size()) {
            return Optional.of(Sentence.STACK_UPPER);
        }
        int lo = (int) off.lo().value();
        int hi = (int) (off.hi().value() + a.wHi());
        if (a.kind() == AccessKind.ATOMIC) {
            // An atomic operation reads the old value, through r10 too: numbers only (a spilled
            // pointer would be fetched as a number or changed in place, uninitialised bytes
            // would leak). Misalignment is no concern here: the stack is private to its
            // execution slot, so the host updates misaligned bytes with a plain
            // read-modify-write that no other thread can observe (exec-host's AtomicOps).
            return s.stack().isNumeric(lo, hi) || withinNumericSize(s, a) ? Optional.empty() : Optional.of(nonNumeric);
        }
        if (!needsNumbers) {
            return Optional.empty();
        }
        // Reads must see initialised bytes: numbers, or exactly one spilled value that a load
        // fills into a register whole. A helper copies what it reads out (into a map, a ring
        // buffer, the trace log), so it must see numbers only: a spilled pointer would leak.
        // Part of a spilled pointer (a narrow cell that is not a number) is no value to read.
        boolean exactCell = a.spillReload() && lo == off.hi().value() && a.wLo() == a.wHi()
                && s.stack().cell(lo, (int) a.wHi()).filter(c -> c.width() == 8 || c.type().within(TypeSet.NUMBER))
                        .isPresent();
        return exactCell || s.stack().isNumeric(lo, hi) || withinNumericSize(s, a) ? Optional.empty()
                : Optional.of(nonNumeric);
    }

    /// Whether the bytes read lie within the base's numeric bytes for every offset and width it
    /// may have: `offset + width <= base.stack_numeric_size`, relationally when the width is a
    /// register (PREVAIL's check of helper buffers whose length depends on the path).
    private static boolean withinNumericSize(EbpfState s, Access a) {
        if (a.offset() < 0) {
            return false;
        }
        if (a.offset() + a.wHi() <= s.numericBytesAt(a.base())) {
            return true;
        }
        return a.widthReg().isPresent() && s.values().upperBound(Variables.svalue(a.widthReg().get()),
                Variables.of(a.base(), "stack_numeric_size")).compareTo(Bound.of(-a.offset())) <= 0;
    }

    private static Optional<Sentence> context(EbpfState s, Access a, ProgramTypeDescriptor d) {
        ContextDescriptor c = d.context();
        Interval off = at(s, a.base(), "ctx_offset", a.offset());
        if (!off.lo().isFinite() || off.lo().value() < 0) {
            return Optional.of(Sentence.LOWER_ZERO);
        }
        if (!off.hi().isFinite() || off.hi().value() + a.wHi() > c.size()) {
            return Optional.of(Sentence.upperBound(Integer.toString(c.size())));
        }
        if (a.kind() == AccessKind.COMPARE) {
            return Optional.empty();
        }
        int lo = (int) off.lo().value();
        int span = (int) (off.hi().value() + a.wHi() - lo);
        if (c.opaqueFieldOverlapping(lo, span).isPresent()) {
            return Optional.of(Sentence.CTX_OPAQUE);
        }
        boolean write = a.kind() == AccessKind.WRITE || a.kind() == AccessKind.ATOMIC;
        // Linux's widths (`*_is_valid_access`) bind loads and stores of the contexts that have
        // them, at a constant offset only: Linux refuses a variable offset into the context.
        boolean widths = !c.fields().isEmpty() && a.widthReg().isEmpty();
        if (widths && off.singleton().isEmpty()) {
            return Optional.of(Sentence.contextAccess(a.wHi() + "-byte " + (write ? "write" : "read")
                    + " at a variable offset in [" + lo + ", " + off.hi().value() + "]"));
        }
        if (write) {
            if (c.pointerFieldOverlapping(lo, span).isPresent()) {
                return Optional.of(Sentence.CTX_POINTER_WRITE);
            }
            // PREVAIL's test platform lets programs write every other field.
            boolean writable = d == ProgramTypeDescriptor.PREVAIL_TEST || (off.singleton().isPresent() && c.touchesWritable(lo, span));
            if (!writable) {
                return Optional.of(Sentence.CTX_READ_ONLY);
            }
        }
        // A read of part of a pointer field (or straddling two) on a context without widths is
        // allowed, as PREVAIL allows it: its value has no type (MemorySemantics.loadContext), so
        // no pointer bits leak. Linux's contexts refuse it by their widths.
        return widths ? c.refusal(lo, (int) a.wHi(), write).map(Sentence::contextAccess) : Optional.empty();
    }

    private static Optional<Sentence> packet(EbpfState s, Access a, AnalysisContext ctx) {
        ZoneDomain z = s.values();
        String p = Variables.of(a.base(), "packet_offset");
        // meta_offset - packet_offset <= offset, i.e. packet_offset + offset >= meta_offset.
        Bound lower = Bound.min(z.upperBound(Variables.META_OFFSET, p), boundFromIntervals(z, Variables.META_OFFSET, p));
        if (lower.compareTo(Bound.of(a.offset())) > 0) {
            return Optional.of(Sentence.PACKET_LOWER);
        }
        if (a.kind() == AccessKind.COMPARE) {
            Interval off = at(s, a.base(), "packet_offset", a.offset());
            return off.hi().isFinite() && off.hi().value() <= ctx.maxPacketSize() ? Optional.empty()
                    : Optional.of(Sentence.PACKET_UPPER);
        }
        // packet_offset - packet_size <= -(offset + width).
        Bound upper = Bound.min(z.upperBound(p, Variables.PACKET_SIZE), boundFromIntervals(z, p, Variables.PACKET_SIZE));
        return upper.compareTo(Bound.of(-(a.offset() + a.wHi()))) <= 0 ? Optional.empty() : Optional.of(Sentence.PACKET_UPPER);
    }

    /// The bound on `x - y` their intervals alone give.
    private static Bound boundFromIntervals(ZoneDomain z, String x, String y) {
        Interval ix = z.interval(x);
        Interval iy = z.interval(y);
        if (!ix.hi().isFinite() || !iy.lo().isFinite()) {
            return Bound.PLUS_INF;
        }
        return ix.hi().minus(iy.lo());
    }

    private static Optional<Sentence> shared(EbpfState s, Access a) {
        Optional<Sentence> f = sized(s, a, "shared_offset", "shared_region_size");
        if (f.isPresent() || (a.kind() != AccessKind.WRITE && a.kind() != AccessKind.ATOMIC)) {
            return f;
        }
        // Linux's check_map_access_type: a map created with BPF_F_RDONLY_PROG (libbpf's
        // .rodata) is read-only to programs, whose JIT code the host does not stop from writing.
        Interval readOnly = s.values().interval(Variables.of(a.base(), "shared_readonly"));
        return readOnly.equals(Interval.of(0)) ? Optional.empty() : Optional.of(Sentence.MAP_READ_ONLY);
    }

    /// A nullable region with an offset and a size variable: non-null, the offset at least 0
    /// and the access within the size (relationally).
    private static Optional<Sentence> sized(EbpfState s, Access a, String offsetKind, String sizeKind) {
        if (a.kind() != AccessKind.COMPARE && s.scalar(a.base()).svalue().contains(0)) {
            return Optional.of(Sentence.NULL_ACCESS);
        }
        Interval off = at(s, a.base(), offsetKind, a.offset());
        if (!off.lo().isFinite() || off.lo().value() < 0) {
            return Optional.of(Sentence.LOWER_ZERO);
        }
        if (a.kind() == AccessKind.COMPARE) {
            return Optional.empty();
        }
        ZoneDomain z = s.values();
        String o = Variables.of(a.base(), offsetKind);
        String size = Variables.of(a.base(), sizeKind);
        Bound upper = Bound.min(z.upperBound(o, size), boundFromIntervals(z, o, size));
        if (upper.compareTo(Bound.of(-(a.offset() + a.wHi()))) > 0) {
            return Optional.of(Sentence.upperBound(size));
        }
        // Map values and ring buffer records start 8-byte aligned (the host rounds each value,
        // and each record with its 8-byte header, up to 8 bytes). They are shared between
        // execution slots, so an atomic there must be a hardware atomic, which needs an aligned
        // address (unlike the slot-private stack's).
        return a.kind() == AccessKind.ATOMIC && !aligned(off, a.wHi()) ? Optional.of(Sentence.MISALIGNED)
                : Optional.empty();
    }

    /// Whether every offset in `off` is a multiple of `width`: only a known offset is.
    private static boolean aligned(Interval off, long width) {
        return off.singleton().filter(o -> Math.floorMod(o, width) == 0).isPresent();
    }

    /// A socket's common fields: read-only, constant offsets from the pointer (no arithmetic
    /// moves it), only the fields [SocketLayout] allows.
    private static Optional<Sentence> socket(EbpfState s, Access a) {
        if (a.kind() == AccessKind.COMPARE) {
            return Optional.empty();
        }
        if (s.scalar(a.base()).svalue().contains(0)) {
            return Optional.of(Sentence.NULL_ACCESS);
        }
        if (a.kind() == AccessKind.WRITE) {
            return Optional.of(Sentence.SOCKET_READ_ONLY);
        }
        boolean ok = a.wLo() == a.wHi() && a.wHi() <= Integer.MAX_VALUE && SocketLayout.isReadable(a.offset(), (int) a.wHi());
        return ok ? Optional.empty() : Optional.of(Sentence.SOCKET_ACCESS);
    }

    /// Memory a helper allocated: like a map value, bounded by its `alloc_mem_size`.
    private static Optional<Sentence> allocated(EbpfState s, Access a) {
        return sized(s, a, "alloc_mem_offset", "alloc_mem_size");
    }

    /// A number where memory is expected: only null with a zero size (an optional buffer), or
    /// an operand of a comparison.
    private static Optional<Sentence> number(EbpfState s, Access a) {
        if ((a.kind() == AccessKind.READ && a.wHi() == 0) || a.kind() == AccessKind.COMPARE) {
            return Optional.empty();
        }
        return Optional.of(Sentence.NOT_POINTER);
    }

    /// The key or value must be readable for the size every map `m.map()` may be has (PREVAIL:
    /// the map may be chosen at run time, as long as the size is one).
    static Optional<Sentence> mapKeyValue(EbpfState s, ValidMapKeyValue m, AnalysisContext ctx) {
        Optional<Integer> common = s.type(m.map()).equals(TypeSet.of(RegionType.MAP_FD))
                ? ctx.common(s.values().interval(Variables.of(m.map(), "map_fd")),
                        m.key() ? MapShape::keySize : MapShape::valueSize)
                : Optional.empty();
        if (common.isEmpty()) {
            return Optional.of(Sentence.MAP_KEY_SIZE);
        }
        if (s.scalar(m.map()).svalue().contains(0)) {
            return Optional.of(Sentence.NULL_ACCESS);
        }
        long size = common.get();
        if (!s.type(m.access()).within(TypeSet.MEM)) {
            return Optional.of(Sentence.INVALID_TYPE);
        }
        return regions(s, new Access(m.access(), 0, size, size, Optional.empty(), AccessKind.READ, false), ctx,
                Sentence.MAP_NON_NUMERIC);
    }
}
