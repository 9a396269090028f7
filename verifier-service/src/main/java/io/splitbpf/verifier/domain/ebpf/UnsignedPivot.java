package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.num.Bound;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.util.Optional;

/// Unsigned bounds above 2^63, which no interval of the zone can hold (its bounds are 64-bit
/// signed, with [Long#MAX_VALUE] for "none"): kept as a relation `x - uvalue_pivot <= c` to
/// the constant [Variables#UVALUE_PIVOT] (2^63 - 2), so that `x <= 2^63 - 2 + c`.
///
/// The zone moves, copies and forgets the relation with `x` like any other, so it needs no
/// transfer of its own: it holds for as long as `x` keeps its value. The pivot is added only to
/// states that need it; a join with a state without it drops the relation (precision only).
/// The alternative, an unsigned interval beside every signed one, would cost every state two
/// more bounds per register for a fact few programs need.
public final class UnsignedPivot {
    private static final Interval PIVOT = Interval.of(Variables.UVALUE_PIVOT_VALUE);

    private UnsignedPivot() {}

    /// `s` where `r`'s unsigned view is at most `2^64 + below` (`below` in `[-2^63, -4]`;
    /// larger ones say nothing the zone can hold).
    public static EbpfState atMost(EbpfState s, Reg r, long below) {
        if (s.isBottom() || below > -4) {
            return s;
        }
        ZoneDomain z = s.values().interval(Variables.UVALUE_PIVOT).equals(PIVOT) ? s.values()
                : s.values().assign(Variables.UVALUE_PIVOT, PIVOT);
        // 2^64 + below - (2^63 - 2) = 2^63 + below + 2, at most 2^63 - 2 for below <= -4.
        long overPivot = Long.MAX_VALUE + below + 3;
        return s.withValues(z.assume(LinearConstraint.difference(Variables.uvalue(r), Variables.UVALUE_PIVOT,
                overPivot)));
    }

    /// The `c` of the least bound `x <= 2^63 - 2 + c` that `s` proves through the pivot
    /// (empty: none).
    public static Optional<Long> overPivot(EbpfState s, String x) {
        if (s.isBottom() || !s.values().interval(Variables.UVALUE_PIVOT).equals(PIVOT)) {
            return Optional.empty();
        }
        Bound c = s.values().upperBound(x, Variables.UVALUE_PIVOT);
        return c.isFinite() ? Optional.of(c.value()) : Optional.empty();
    }
}
