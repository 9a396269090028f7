package io.splitbpf.verifier.semantics;

import io.splitbpf.core.insn.Call;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.platform.ArgKind;
import io.splitbpf.core.platform.HelperPrototype;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.StackCell;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Scalar;
import java.util.List;
import java.util.Optional;

/// Abstract transfer of calls: helpers by their prototype contract, and the caller's side of
/// bpf-to-bpf calls (entering a callee's frame and returning from it).
public final class CallSemantics {
    /// The value of a pointer that may be null.
    private static final Scalar MAYBE_NULL = Scalar.ofSigned(Interval.of(0, AnalysisContext.PTR_MAX));

    private CallSemantics() {}

    /// A helper call: writable memory arguments on the stack become numeric, packet pointers
    /// die when the helper may move the packet, r1–r5 are clobbered and r0 is typed by the
    /// return kind.
    // Invariant: ValidCall rejects helpers without a prototype or not allowed for the program
    // type, and the argument assertions gate every argument, so only described helpers with
    // well-typed arguments reach the effects below on accepted programs.
    public static EbpfState helper(EbpfState s, Call c, AnalysisContext ctx) {
        Optional<HelperPrototype> proto = HelperPrototype.of(c.helperId());
        EbpfState out = s;
        if (proto.isPresent()) {
            out = writeArguments(out, proto.get().args());
            if (proto.get().reallocatesPacket()) {
                out = forgetPacketPointers(out);
            }
        }
        Interval mapIndex = s.values().interval(Variables.of(Reg.R1, "map_fd"));
        Interval allocSize = s.scalar(Reg.R2).svalue();
        for (int i = 1; i <= 5; i++) {
            out = out.havoc(Reg.of(i));
        }
        if (proto.isEmpty()) {
            return out.setRegister(Reg.R0, TypeSet.INITIALISED);
        }
        if (proto.get().args().contains(ArgKind.ALLOC_MEM)) {
            out = releaseRecord(out);
        }
        return switch (proto.get().ret()) {
            case INTEGER -> out.withNumber(Reg.R0, Scalar.top());
            case VOID -> out.havoc(Reg.R0);
            case MAP_VALUE_OR_NULL -> lookupResult(out, mapIndex, s.type(Reg.R1), ctx);
            case SOCKET_OR_NULL -> out.setRegister(Reg.R0, TypeSet.of(RegionType.SOCKET)).withScalar(Reg.R0, MAYBE_NULL);
            case ALLOC_MEM_OR_NULL -> allocated(out, allocSize);
        };
    }

    /// Memory of `size` bytes (the size argument, r2) that the helper allocated, or null; the
    /// record held is this one (`alloc_mem_held = r0.svalue`), so r0's null check tells
    /// whether one is held.
    // Invariant: ValidSize(r2) (CONST_SIZE_OR_ZERO) makes `size` a number of at least 0, and
    // NoRecordHeld that no other record was held.
    private static EbpfState allocated(EbpfState s, Interval size) {
        EbpfState out = s.setRegister(Reg.R0, TypeSet.of(RegionType.ALLOC_MEM)).withScalar(Reg.R0, MAYBE_NULL);
        return out.withValues(out.values().assign(Variables.of(Reg.R0, "alloc_mem_offset"), Interval.of(0))
                .assign(Variables.of(Reg.R0, "alloc_mem_size"), size)
                .assign(Variables.ALLOC_MEM_HELD, Variables.svalue(Reg.R0), 0));
    }

    /// After `bpf_ringbuf_submit` or `bpf_ringbuf_discard`: no record is held, and every
    /// register and spilled value that may point to allocated memory is dead (the record was
    /// the only one held, so they all point into it), as Linux invalidates every copy of a
    /// released reference.
    private static EbpfState releaseRecord(EbpfState s) {
        EbpfState out = s.withValues(s.values().assign(Variables.ALLOC_MEM_HELD, Interval.of(0)));
        return invalidate(out, RegionType.ALLOC_MEM);
    }

    /// `s` where no register or spilled value may have type `t` any more: those that may are
    /// uninitialised (registers) or havocked (stack cells).
    private static EbpfState invalidate(EbpfState s, RegionType t) {
        EbpfState out = s;
        for (Reg r : Reg.values()) {
            if (out.type(r).contains(t)) {
                out = out.havoc(r);
            }
        }
        for (StackCell c : List.copyOf(out.stack().cells().values())) {
            if (c.type().contains(t)) {
                out = out.havocStack(c.offset(), c.end());
            }
        }
        return out;
    }

    private static EbpfState writeArguments(EbpfState s, List<ArgKind> args) {
        EbpfState out = s;
        for (int i = 0; i + 1 < args.size(); i++) {
            Reg r = Reg.of(i + 1);
            boolean written = args.get(i) == ArgKind.MEM_WRITABLE || args.get(i) == ArgKind.MEM_READ_WRITE;
            if (written && s.type(r).contains(RegionType.STACK)) {
                // The helper writes numbers: numeric bytes stay numeric, cells lose their values.
                Interval size = s.scalar(Reg.of(i + 2)).svalue();
                Optional<long[]> range = MemorySemantics.stackRange(s, r, 0);
                if (range.isPresent() && size.lo().isFinite() && size.hi().isFinite()) {
                    int lo = (int) Math.max(0, range.get()[0]);
                    int hi = (int) Math.min(s.stack().size(), range.get()[1] + size.hi().value());
                    out = out.storeNumbersWeakly(lo, Math.max(lo, hi));
                    // Only bytes written for every possible offset and size (and surely into
                    // the stack) become numeric.
                    long sureEnd = range.get()[0] + size.lo().value();
                    if (s.type(r).equals(TypeSet.of(RegionType.STACK)) && range.get()[1] < sureEnd
                            && sureEnd <= s.stack().size()) {
                        out = out.withStack(out.stack().markNumeric((int) range.get()[1], (int) sureEnd));
                    }
                } else {
                    out = out.storeNumbersWeakly(0, s.stack().size());
                }
            }
        }
        return out;
    }

    /// After a helper that may move packet data, no register or spilled value may be a
    /// packet pointer any more.
    private static EbpfState forgetPacketPointers(EbpfState s) {
        return invalidate(s, RegionType.PACKET);
    }

    /// `bpf_map_lookup_elem`'s result: a maybe-null pointer to a value of the map in r1 (or
    /// a maybe-null inner map, for a map of maps). When r1 may be one of several maps (chosen
    /// at run time), what they have in common: the value size, or the inner map.
    // Invariant: ValidMapKeyValue(key) requires r1 to be a map reference whose candidate maps
    // share one key size, so `mapIndex` is a finite range of maps on accepted programs.
    private static EbpfState lookupResult(EbpfState s, Interval mapIndex, TypeSet mapType, AnalysisContext ctx) {
        if (!mapType.equals(TypeSet.of(RegionType.MAP_FD))) {
            return s.setRegister(Reg.R0, TypeSet.INITIALISED);
        }
        Optional<Integer> inner = ctx.common(mapIndex, MapShape::innerIndex);
        if (inner.isPresent() && inner.get() >= 0) {
            EbpfState out = s.setRegister(Reg.R0, TypeSet.of(RegionType.MAP_FD)).withScalar(Reg.R0, MAYBE_NULL);
            return out.withValues(out.values().assign(Variables.of(Reg.R0, "map_fd"), Interval.of(inner.get())));
        }
        Optional<Integer> size = inner.isPresent() ? ctx.common(mapIndex, MapShape::valueSize) : Optional.empty();
        if (size.isEmpty()) {
            return s.setRegister(Reg.R0, TypeSet.INITIALISED);
        }
        EbpfState out = s.setRegister(Reg.R0, TypeSet.of(RegionType.SHARED)).withScalar(Reg.R0, MAYBE_NULL);
        return out.withValues(out.values().assign(Variables.of(Reg.R0, "shared_offset"), Interval.of(0))
                .assign(Variables.of(Reg.R0, "shared_region_size"), Interval.of(size.get()))
                .assign(Variables.of(Reg.R0, "shared_readonly"), ctx.readOnly(mapIndex)));
    }

    /// The state a callee starts in: the caller's, with r10 one frame lower.
    public static EbpfState enterFrame(EbpfState caller, AnalysisContext ctx) {
        String fp = Variables.of(Reg.R10, "stack_offset");
        EbpfState s = caller.forgetNumericSize(Reg.R10);
        return s.withValues(s.values().assign(fp, fp, -ctx.frameSize()));
    }

    /// The caller's state after the call returns with `callee`'s exit state: the callee's r0
    /// and memory, the caller's r6–r10; r1–r5 clobbered.
    public static EbpfState returnFrom(EbpfState caller, EbpfState callee, AnalysisContext ctx) {
        if (callee.isBottom() || caller.isBottom()) {
            return EbpfState.bottom();
        }
        EbpfState out = callee;
        for (int i = 1; i <= 5; i++) {
            out = out.havoc(Reg.of(i));
        }
        // The callee's frame, the one below the caller's, is dead: nothing of it may be read
        // after the return (and no numeric byte is left below live frames). The caller's own
        // frame keeps what the callee left in it.
        Interval fp = caller.values().interval(Variables.of(Reg.R10, "stack_offset"));
        int size = out.stack().size();
        long lo = fp.lo().isFinite() ? fp.lo().value() - 2L * ctx.frameSize() : 0;
        long hi = fp.hi().isFinite() ? fp.hi().value() - ctx.frameSize() : size;
        out = out.havocStack((int) Math.max(0, Math.min(lo, size)), (int) Math.max(0, Math.min(hi, size)));
        for (int i = 6; i <= 10; i++) {
            // The callee may have written anything through pointers it was given: numeric
            // sizes the caller knew before the call no longer hold. It may also have released
            // the record a saved register points to, which then is dead.
            Reg r = Reg.of(i);
            out = caller.type(r).contains(RegionType.ALLOC_MEM) ? out.havoc(r)
                    : restore(out, caller, r).forgetNumericSize(r);
        }
        return out;
    }

    private static EbpfState restore(EbpfState into, EbpfState from, Reg r) {
        EbpfState out = into.setRegister(r, from.type(r));
        var z = out.values();
        for (String v : Variables.all(r)) {
            z = z.assign(v, from.values().interval(v));
        }
        return out.withValues(z);
    }
}
