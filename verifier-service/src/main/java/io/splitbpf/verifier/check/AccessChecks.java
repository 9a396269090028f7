package io.splitbpf.verifier.check;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.platform.ContextDescriptor;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
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
/// bounds, initialised bytes), the context (size, pointer fields, writable fields), packets
/// (against `meta_offset` and `packet_size`, relationally) and map values (null, value size).
final class AccessChecks {
    private AccessChecks() {}

    /// An access of `[base + offset, base + offset + width)`, `width` in `[wLo, wHi]`, by an
    /// instruction or (`byHelper`) by a helper reading or writing a memory argument.
    private record Access(Reg base, long offset, long wLo, long wHi, AccessKind kind, boolean byHelper) {}

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
        return regions(s, new Access(v.base(), v.offset(), wLo, wHi, v.kind(), v.widthReg().isPresent()), ctx,
                Sentence.NOT_NUMERIC);
    }

    private static Optional<Sentence> regions(EbpfState s, Access a, AnalysisContext ctx, Sentence nonNumeric) {
        for (RegionType t : s.type(a.base()).types()) {
            Optional<Sentence> f = switch (t) {
                case STACK -> stack(s, a, ctx, nonNumeric);
                case CTX -> context(s, a, ctx.info().descriptor());
                case PACKET -> packet(s, a, ctx);
                case SHARED -> shared(s, a);
                case NUMBER -> number(s, a);
                case MAP_FD, MAP_FD_PROGRAMS -> Optional.of(Sentence.FD_DEREF);
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
        if (!off.lo().isFinite() || !frame.lo().isFinite() || off.lo().value() < Math.max(0, frame.lo().value() - ctx.frameSize())) {
            return Optional.of(Sentence.STACK_LOWER);
        }
        if (!off.hi().isFinite() || off.hi().value() + a.wHi() > s.stack().size()) {
            return Optional.of(Sentence.STACK_UPPER);
        }
        if (a.kind() == AccessKind.ATOMIC) {
            // An atomic operation reads the old value: numbers only (a spilled pointer would be
            // fetched as a number or changed in place), at an address the host can update
            // atomically. The stack's offsets are aligned as its addresses are (the host
            // aligns the stack's top to 16 bytes).
            return !aligned(off, a.wHi()) ? Optional.of(Sentence.MISALIGNED)
                    : s.stack().isNumeric((int) off.lo().value(), (int) (off.hi().value() + a.wHi()))
                    ? Optional.empty() : Optional.of(nonNumeric);
        }
        if (a.kind() != AccessKind.READ || a.wHi() == 0) {
            return Optional.empty();
        }
        int lo = (int) off.lo().value();
        int hi = (int) (off.hi().value() + a.wHi());
        boolean exactCell = !a.byHelper() && lo == off.hi().value() && a.wLo() == a.wHi()
                && s.stack().cell(lo, (int) a.wHi()).isPresent();
        // Reads must see initialised bytes: numbers, or exactly one spilled value that a load
        // fills into a register whole. This is stricter than PREVAIL, which lets r10-based
        // reads see uninitialised stack. A helper copies what it reads out (into a map, a
        // ring buffer, the trace log), so it must see numbers only: a spilled pointer would
        // leak.
        return exactCell || s.stack().isNumeric(lo, hi) ? Optional.empty() : Optional.of(nonNumeric);
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
        Optional<String> field = c.pointerFieldOverlapping(lo, span);
        if (a.kind() == AccessKind.WRITE || a.kind() == AccessKind.ATOMIC) {
            if (field.isPresent()) {
                return Optional.of(Sentence.CTX_POINTER_WRITE);
            }
            // PREVAIL's test platform lets programs write every other field.
            boolean writable = d == ProgramTypeDescriptor.PREVAIL_TEST || (off.singleton().isPresent() && c.isWritable(lo, span));
            return writable ? Optional.empty() : Optional.of(Sentence.CTX_READ_ONLY);
        }
        // Whole means exactly one pointer field: the right width at the field's own offset (a
        // pointer-wide read straddling two fields would leak pointer bits as a number).
        boolean whole = off.singleton().isPresent() && span == c.pointerWidth()
                && (c.data().equals(Optional.of(lo)) || c.dataEnd().equals(Optional.of(lo))
                || c.dataMeta().equals(Optional.of(lo)));
        return field.isPresent() && !whole ? Optional.of(Sentence.CTX_POINTER_PART) : Optional.empty();
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
        if (s.scalar(a.base()).svalue().contains(0)) {
            return Optional.of(Sentence.NULL_ACCESS);
        }
        Interval off = at(s, a.base(), "shared_offset", a.offset());
        if (!off.lo().isFinite() || off.lo().value() < 0) {
            return Optional.of(Sentence.LOWER_ZERO);
        }
        if (a.kind() == AccessKind.COMPARE) {
            return Optional.empty();
        }
        ZoneDomain z = s.values();
        String o = Variables.of(a.base(), "shared_offset");
        String size = Variables.of(a.base(), "shared_region_size");
        Bound upper = Bound.min(z.upperBound(o, size), boundFromIntervals(z, o, size));
        if (upper.compareTo(Bound.of(-(a.offset() + a.wHi()))) > 0) {
            return Optional.of(Sentence.upperBound(size));
        }
        // Map values start 8-byte aligned (the host rounds each value up to 8 bytes).
        return a.kind() == AccessKind.ATOMIC && !aligned(off, a.wHi()) ? Optional.of(Sentence.MISALIGNED)
                : Optional.empty();
    }

    /// Whether every offset in `off` is a multiple of `width`: only a known offset is.
    private static boolean aligned(Interval off, long width) {
        return off.singleton().filter(o -> Math.floorMod(o, width) == 0).isPresent();
    }

    /// A number where memory is expected: only null with a zero size (an optional buffer).
    private static Optional<Sentence> number(EbpfState s, Access a) {
        if (a.kind() == AccessKind.READ && a.wHi() == 0) {
            return Optional.empty();
        }
        return Optional.of(Sentence.NOT_POINTER);
    }

    static Optional<Sentence> mapKeyValue(EbpfState s, ValidMapKeyValue m, AnalysisContext ctx) {
        Optional<MapShape> map = s.type(m.map()).equals(TypeSet.of(RegionType.MAP_FD))
                ? s.values().interval(Variables.of(m.map(), "map_fd")).singleton().flatMap(ctx::map)
                : Optional.empty();
        if (map.isEmpty()) {
            return Optional.of(Sentence.MAP_KEY_SIZE);
        }
        if (s.scalar(m.map()).svalue().contains(0)) {
            return Optional.of(Sentence.NULL_ACCESS);
        }
        long size = m.key() ? map.get().keySize() : map.get().valueSize();
        if (!s.type(m.access()).within(TypeSet.MEM)) {
            return Optional.of(Sentence.INVALID_TYPE);
        }
        return regions(s, new Access(m.access(), 0, size, size, AccessKind.READ, true), ctx, Sentence.MAP_NON_NUMERIC);
    }
}
