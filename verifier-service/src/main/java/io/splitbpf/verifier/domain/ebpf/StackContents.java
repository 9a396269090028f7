package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/// The state-level writes and reads of the stack's contents, which touch the cells of the
/// [StackDomain], their variables in the zone, their type classes and stack pointers' numeric
/// sizes together: strong and weak stores, havocs, and the known bytes of numbers.
///
/// Known numbers are kept byte-wise: a store over part of one keeps the rest as smaller cells,
/// and a load over known bytes composes them, in the stack's byte order.
final class StackContents {
    private static final String NUMERIC_SIZE = "stack_numeric_size";

    private StackContents() {}

    /// `s` with a value of type `t` stored into the cell `[offset, offset + width)`.
    static EbpfState store(EbpfState s, int offset, int width, TypeSet t) {
        return overwrite(split(s, offset, offset + width), offset, width, t);
    }

    /// `s` with `[lo, hi)` of unknown content.
    static EbpfState havoc(EbpfState s, int lo, int hi) {
        EbpfState out = forgetNumericSizesOver(split(s, lo, hi), lo, hi);
        return dropCellVariables(out, lo, hi, out.stack().havoc(lo, hi));
    }

    /// `s` where numbers of no known value may have been written somewhere in `[lo, hi)`.
    static EbpfState storeNumbersWeakly(EbpfState s, int lo, int hi) {
        EbpfState out = split(s, lo, hi);
        return dropCellVariables(out, lo, hi, out.stack().dropCells(lo, hi));
    }

    private static EbpfState overwrite(EbpfState s, int offset, int width, TypeSet t) {
        EbpfState out = t.equals(TypeSet.NUMBER) ? s : forgetNumericSizesOver(s, offset, offset + width);
        return dropCellVariables(out, offset, offset + width, out.stack().store(offset, width, t));
    }

    /// `s` with its stack replaced by `changed` (a change of `[lo, hi)` of it) and the
    /// variables and classes of the cells `s` had there gone.
    private static EbpfState dropCellVariables(EbpfState s, int lo, int hi, StackDomain changed) {
        ZoneDomain z = s.values();
        TypeClasses c = s.classes();
        for (StackCell old : s.stack().overlapping(lo, hi)) {
            for (String kind : Variables.REGISTER_KINDS) {
                z = z.forget(old.variable(kind));
            }
            c = c.without(old.name());
        }
        return EbpfState.of(s.types(), z, changed, c);
    }

    /// `s` without the numeric sizes (`stack_numeric_size`) of the stack pointers whose claimed
    /// numeric bytes may overlap `[lo, hi)`: something else than numbers goes there. A size is
    /// kept only when every value it may take stays clear of the range, since relations (a
    /// length `r2 <= r1.stack_numeric_size`, say) may use any of them, not only its least.
    private static EbpfState forgetNumericSizesOver(EbpfState s, int lo, int hi) {
        ZoneDomain z = s.values();
        for (Map.Entry<String, TypeSet> v : s.typeVariables().entrySet()) {
            if (!v.getValue().contains(RegionType.STACK)) {
                continue;
            }
            String size = v.getKey() + "." + NUMERIC_SIZE;
            Interval off = z.interval(v.getKey() + ".stack_offset");
            Interval n = z.interval(size);
            boolean none = n.hi().isFinite() && n.hi().value() <= 0;
            boolean below = off.hi().isFinite() && n.hi().isFinite() && off.hi().value() + n.hi().value() <= lo;
            boolean above = off.lo().isFinite() && off.lo().value() >= hi;
            if (!none && !below && !above) {
                z = z.forget(size);
            }
        }
        return z == s.values() ? s : s.withValues(z);
    }

    /// The bytes from `r` (a stack pointer) known to hold numbers whatever its offset: its
    /// numeric size, or what the stack's numeric bytes say.
    static long numericBytesAt(EbpfState s, Reg r) {
        Interval n = s.values().interval(Variables.of(r, NUMERIC_SIZE));
        long known = n.lo().isFinite() ? Math.max(0, n.lo().value()) : 0;
        return Math.max(known, runFrom(s, Variables.of(r, "stack_offset")));
    }

    /// How many bytes the stack's numeric bytes vouch for from every offset the stack offset
    /// variable `offset` may hold (0 unless all of them are inside the stack).
    private static int runFrom(EbpfState s, String offset) {
        Interval off = s.values().interval(offset);
        if (!off.lo().isFinite() || !off.hi().isFinite() || off.lo().value() < 0
                || off.hi().value() >= s.stack().size()) {
            return 0;
        }
        return s.stack().numericRun((int) off.lo().value(), (int) off.hi().value());
    }

    /// `s` with each stack pointer's numeric size (registers and spilled pointers) at least
    /// what the stack's numeric bytes give for every offset it may hold. A reduction (no
    /// concrete state is lost), made where states meet so that relations such as
    /// `r2 <= r1.stack_numeric_size` survive a join of paths that wrote buffers of different
    /// lengths and set `r2` to each.
    static EbpfState withNumericSizes(EbpfState s) {
        if (s.isBottom()) {
            return s;
        }
        ZoneDomain z = s.values();
        for (Map.Entry<String, TypeSet> v : s.typeVariables().entrySet()) {
            if (!v.getValue().contains(RegionType.STACK)) {
                continue;
            }
            int run = runFrom(s, v.getKey() + ".stack_offset");
            if (run > 0) {
                z = z.assume(LinearConstraint.atLeast(v.getKey() + "." + NUMERIC_SIZE, run));
            }
        }
        return z == s.values() ? s : s.withValues(z);
    }

    /// The known number in `cell`, if it is one.
    private static Optional<Long> constant(EbpfState s, StackCell cell) {
        return cell.type().equals(TypeSet.NUMBER) ? s.values().interval(cell.variable("svalue")).singleton()
                : Optional.empty();
    }

    /// The word (zero-extended) a load of `[offset, offset + width)` gives, when every byte
    /// there is part of a known number.
    static Optional<Long> constantBytes(EbpfState s, int offset, int width) {
        int[] bytes = new int[width];
        for (int b = offset; b < offset + width; b++) {
            List<StackCell> at = s.stack().overlapping(b, b + 1);
            Optional<Long> v = at.isEmpty() ? Optional.empty() : constant(s, at.getFirst());
            if (v.isEmpty()) {
                return Optional.empty();
            }
            StackCell c = at.getFirst();
            bytes[b - offset] = WordBytes.of(v.get(), c.width(), s.stack().byteOrder())[b - c.offset()];
        }
        return Optional.of(WordBytes.load(bytes, 0, width, s.stack().byteOrder()));
    }

    /// `s` with each known number that straddles byte `lo` or `hi` kept as cells split there:
    /// the same bytes, so the same concrete states. Cells have the widths of loads and stores
    /// (1, 2, 4 or 8 bytes): a part of another width keeps its bytes numeric but not its value.
    private static EbpfState split(EbpfState s, int lo, int hi) {
        if (s.isBottom()) {
            return s;
        }
        EbpfState out = s;
        StackDomain stack = s.stack();
        for (StackCell c : stack.overlapping(Math.max(0, lo - 1), Math.min(stack.size(), hi + 1))) {
            Optional<Long> v = constant(s, c);
            boolean straddles = (c.offset() < lo && lo < c.end()) || (c.offset() < hi && hi < c.end());
            if (!straddles || v.isEmpty()) {
                continue;
            }
            int[] bytes = WordBytes.of(v.get(), c.width(), stack.byteOrder());
            int[] cuts = IntStream.of(c.offset(), lo, hi, c.end())
                    .filter(x -> x >= c.offset() && x <= c.end()).distinct().sorted().toArray();
            for (int i = 0; i + 1 < cuts.length; i++) {
                long part = WordBytes.load(bytes, cuts[i] - c.offset(), cuts[i + 1] - c.offset(), stack.byteOrder());
                out = overwriteNumber(out, cuts[i], cuts[i + 1] - cuts[i], part);
            }
        }
        return out;
    }

    private static EbpfState overwriteNumber(EbpfState s, int offset, int width, long value) {
        EbpfState out = overwrite(s, offset, width, TypeSet.NUMBER);
        if (Integer.bitCount(width) != 1) {
            return out.withStack(out.stack().markNumeric(offset, offset + width));
        }
        StackCell cell = out.stack().cell(offset, width).orElseThrow();
        return out.withValues(EbpfState.assignScalar(out.values(), cell.variable("svalue"), cell.variable("uvalue"),
                Scalar.of(value)));
    }

    /// `s` with its known numbers split at every boundary of a cell of `other`, so that a join
    /// keeps the cells both sides know (a known 8-byte number on one side, the same low 4 bytes
    /// stored alone on the other).
    static EbpfState alignedTo(EbpfState s, EbpfState other) {
        EbpfState out = s;
        for (StackCell c : other.stack().cells().values()) {
            out = split(out, c.offset(), c.end());
        }
        return out;
    }
}
