package io.splitbpf.verifier.check;

import io.splitbpf.core.platform.HelperPrototype;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.assertion.Assertion.BoundedLoop;
import io.splitbpf.verifier.assertion.Assertion.ValidCall;
import io.splitbpf.verifier.assertion.Assertion.ValidDivisor;
import io.splitbpf.verifier.assertion.Assertion.ValidMapIndex;
import io.splitbpf.verifier.assertion.Assertion.ValidRelease;
import io.splitbpf.verifier.assertion.Assertion.ValidReturn;
import io.splitbpf.verifier.assertion.Assertion.ValidSize;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.semantics.AnalysisContext;
import java.util.Optional;

/// Checks of values: divisors, sizes, loop counters, the return value, which calls the
/// platform offers, and the ring buffer record the program holds.
final class ValueChecks {
    private ValueChecks() {}

    static Optional<Sentence> divisor(EbpfState s, ValidDivisor d, AnalysisContext ctx) {
        if (d.divisor() instanceof Reg r && !s.type(r).within(TypeSet.NUMBER)) {
            return Optional.of(Sentence.DIVISOR_TYPE);
        }
        // The divisor can be zero only when both views of it (signed and unsigned) allow 0:
        // `r1 != 0` on an unknown word cuts the unsigned view at 1, the signed one not at all.
        boolean maybeZero = switch (d.divisor()) {
            case Imm(var i) -> i == 0;
            case Reg r -> d.is64()
                    ? s.scalar(r).svalue().contains(0) && s.scalar(r).uvalue().contains(0)
                    : s.scalar(r).low32Unsigned().contains(0) && s.scalar(r).low32Signed().contains(0);
        };
        return !ctx.allowDivisionByZero() && maybeZero ? Optional.of(Sentence.DIVISION_BY_ZERO) : Optional.empty();
    }

    static Optional<Sentence> size(EbpfState s, ValidSize v) {
        Interval i = s.scalar(v.reg()).svalue();
        long least = v.canBeZero() ? 0 : 1;
        return i.lo().compareTo(io.splitbpf.verifier.domain.num.Bound.of(least)) >= 0
                ? Optional.empty() : Optional.of(Sentence.INVALID_SIZE);
    }

    static Optional<Sentence> boundedLoop(EbpfState s, BoundedLoop b) {
        Interval c = s.values().interval(io.splitbpf.verifier.domain.ebpf.Variables.loopCounter(b.headPc()));
        return c.hi().isFinite() && c.hi().value() < b.limit() ? Optional.empty() : Optional.of(Sentence.LOOP_COUNTER);
    }

    /// Helpers that change a map's contents (Linux's `record_func_map` refuses them on a map
    /// created with `BPF_F_RDONLY_PROG`): map_update_elem, map_delete_elem, map_push_elem,
    /// map_pop_elem.
    private static final java.util.Set<Integer> MAP_WRITERS = java.util.Set.of(2, 3, 87, 88);

    static Optional<Sentence> call(EbpfState s, ValidCall c, AnalysisContext ctx) {
        boolean ok = c.kind().equals("helper") && HelperPrototype.of(c.id()).isPresent()
                && ctx.info().descriptor().allows(c.id());
        if (!ok) {
            return Optional.of(Sentence.UNAVAILABLE);
        }
        if (MAP_WRITERS.contains(c.id()) && s.type(Reg.R1).equals(TypeSet.of(RegionType.MAP_FD))
                && !ctx.readOnly(s.values().interval(Variables.of(Reg.R1, "map_fd"))).equals(Interval.of(0))) {
            return Optional.of(Sentence.MAP_READ_ONLY);
        }
        return Optional.empty();
    }

    static Optional<Sentence> returnValue(EbpfState s, ValidReturn r) {
        return s.scalar(Reg.R0).svalue().leq(Interval.of(r.low(), r.high()))
                ? Optional.empty() : Optional.of(Sentence.RETURN_RANGE);
    }

    static Optional<Sentence> mapIndex(ValidMapIndex m, AnalysisContext ctx) {
        return m.index() >= 0 && m.index() < ctx.info().mapCount() ? Optional.empty() : Optional.of(Sentence.MAP_INDEX);
    }

    static Optional<Sentence> release(EbpfState s, ValidRelease r) {
        if (s.scalar(r.reg()).svalue().contains(0)) {
            return Optional.of(Sentence.NULL_ACCESS);
        }
        Interval offset = s.values().interval(io.splitbpf.verifier.domain.ebpf.Variables.of(r.reg(), "alloc_mem_offset"));
        return offset.equals(Interval.of(0)) ? Optional.empty() : Optional.of(Sentence.RELEASE_OFFSET);
    }

    static Optional<Sentence> noRecordHeld(EbpfState s) {
        return s.values().interval(io.splitbpf.verifier.domain.ebpf.Variables.ALLOC_MEM_HELD).equals(Interval.of(0))
                ? Optional.empty() : Optional.of(Sentence.UNRELEASED);
    }
}
