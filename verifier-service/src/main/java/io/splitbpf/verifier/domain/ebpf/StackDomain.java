package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.verifier.domain.num.Lattice;
import java.util.ArrayList;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/// The stack: which bytes are known to hold numbers, and the values spilled at constant
/// offsets ([StackCell]s, keyed by first byte; their numbers are in the zone domain).
///
/// Class invariants: cells never overlap; bottom is the canonical [#bottom()]. The numeric
/// bytes are what reads through derived stack pointers and helper memory arguments need
/// (PREVAIL's "Stack content is not numeric"), cells are what keeps spilled pointers typed.
public final class StackDomain implements Lattice<StackDomain> {
    private static final StackDomain BOTTOM = new StackDomain(0, ByteOrder.LITTLE_ENDIAN, new BitSet(), new TreeMap<>(), true);

    private final int size;
    private final ByteOrder order;
    private final BitSet numeric;
    private final SortedMap<Integer, StackCell> cells;
    private final boolean bottom;

    private StackDomain(int size, ByteOrder order, BitSet numeric, SortedMap<Integer, StackCell> cells, boolean bottom) {
        this.size = size;
        this.order = order;
        this.numeric = numeric;
        this.cells = cells;
        this.bottom = bottom;
    }

    /// A little-endian stack of `size` bytes of which nothing is known.
    public static StackDomain empty(int size) {
        return empty(size, ByteOrder.LITTLE_ENDIAN);
    }

    /// A stack of `size` bytes in byte order `order` of which nothing is known.
    public static StackDomain empty(int size, ByteOrder order) {
        if (size <= 0) {
            throw new IllegalArgumentException("stack size " + size);
        }
        return new StackDomain(size, order, new BitSet(size), new TreeMap<>(), false);
    }

    public static StackDomain bottom() {
        return BOTTOM;
    }

    public int size() {
        return size;
    }

    /// The order of the bytes of a word stored here.
    public ByteOrder byteOrder() {
        return order;
    }

    /// Whether every byte in `[lo, hi)` is known to hold a number (an empty range is).
    public boolean isNumeric(int lo, int hi) {
        if (lo < 0 || hi > size) {
            return false;
        }
        return lo >= hi || numeric.nextClearBit(lo) >= hi;
    }

    /// The least number of known-numeric bytes that start at any offset in `[lo, hi]`: how
    /// many bytes a pointer that may hold any of these offsets is sure to find numeric (0 when
    /// one of them is outside the stack).
    public int numericRun(int lo, int hi) {
        if (bottom || lo < 0 || hi >= size || lo > hi) {
            return 0;
        }
        int least = size;
        for (int o = lo; o <= hi && least > 0; o++) {
            least = Math.min(least, Math.min(size, numeric.nextClearBit(o)) - o);
        }
        return least;
    }

    /// The cell stored exactly at `[offset, offset + width)`, if any.
    public java.util.Optional<StackCell> cell(int offset, int width) {
        StackCell c = cells.get(offset);
        return c != null && c.width() == width ? java.util.Optional.of(c) : java.util.Optional.empty();
    }

    /// The cells overlapping `[lo, hi)`, in offset order.
    public List<StackCell> overlapping(int lo, int hi) {
        List<StackCell> out = new ArrayList<>();
        for (StackCell c : cells.headMap(hi).values()) {
            if (c.overlaps(lo, hi)) {
                out.add(c);
            }
        }
        return out;
    }

    public SortedMap<Integer, StackCell> cells() {
        return Collections.unmodifiableSortedMap(cells);
    }

    /// A strong update: the value of `type` now occupies `[offset, offset + width)`; cells it
    /// overlaps are gone (callers forget their variables), and the bytes are numeric exactly
    /// when the type is `number`.
    public StackDomain store(int offset, int width, TypeSet type) {
        checkRange(offset, offset + width);
        if (bottom) {
            return this;
        }
        StackDomain s = havoc(offset, offset + width);
        s.cells.put(offset, new StackCell(offset, width, type));
        if (type.equals(TypeSet.NUMBER)) {
            s.numeric.set(offset, offset + width);
        }
        return s;
    }

    /// This stack with `cell` (one of its cells) known to hold a value of type `t` instead: a
    /// refinement, so its bytes become numeric when `t` is `number`.
    public StackDomain withCellType(StackCell cell, TypeSet t) {
        if (bottom || !cell.equals(cells.get(cell.offset()))) {
            throw new IllegalArgumentException("no cell " + cell + " to refine");
        }
        TreeMap<Integer, StackCell> c = new TreeMap<>(cells);
        c.put(cell.offset(), new StackCell(cell.offset(), cell.width(), t));
        BitSet n = (BitSet) numeric.clone();
        if (t.equals(TypeSet.NUMBER)) {
            n.set(cell.offset(), cell.end());
        }
        return new StackDomain(size, order, n, c, false);
    }

    /// A weak update of unknown content over `[lo, hi)`: no cell survives there and no byte is
    /// known numeric any more.
    public StackDomain havoc(int lo, int hi) {
        StackDomain s = dropCells(lo, hi);
        if (!bottom) {
            s.numeric.clear(lo, hi);
        }
        return s;
    }

    /// Numbers of no known value may have been written somewhere in `[lo, hi)`: cells there are
    /// dropped, and bytes keep their numeric marks (a number over a number is a number).
    public StackDomain dropCells(int lo, int hi) {
        checkRange(lo, hi);
        if (bottom) {
            return this;
        }
        TreeMap<Integer, StackCell> c = new TreeMap<>(cells);
        for (StackCell old : overlapping(lo, hi)) {
            c.remove(old.offset());
        }
        return new StackDomain(size, order, (BitSet) numeric.clone(), c, false);
    }

    /// `[lo, hi)` now holds numbers of no known value (for example after a helper wrote it):
    /// cells there are dropped.
    public StackDomain markNumeric(int lo, int hi) {
        StackDomain s = havoc(lo, hi);
        if (!bottom) {
            s.numeric.set(lo, hi);
        }
        return s;
    }

    private void checkRange(int lo, int hi) {
        if (!bottom && (lo < 0 || hi > size || lo > hi)) {
            throw new IllegalArgumentException("stack range [" + lo + ", " + hi + ") outside [0, " + size + ")");
        }
    }

    @Override
    public boolean isBottom() {
        return bottom;
    }

    @Override
    public boolean isTop() {
        return !bottom && numeric.isEmpty() && cells.isEmpty();
    }

    @Override
    public boolean leq(StackDomain o) {
        if (bottom) {
            return true;
        }
        if (o.bottom) {
            return false;
        }
        BitSet missing = (BitSet) o.numeric.clone();
        missing.andNot(numeric);
        if (!missing.isEmpty()) {
            return false;
        }
        for (StackCell c : o.cells.values()) {
            StackCell mine = cells.get(c.offset());
            if (mine == null || mine.width() != c.width() || !mine.type().leq(c.type())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public StackDomain join(StackDomain o) {
        if (bottom) {
            return o;
        }
        if (o.bottom) {
            return this;
        }
        BitSet n = (BitSet) numeric.clone();
        n.and(o.numeric);
        TreeMap<Integer, StackCell> c = new TreeMap<>();
        for (StackCell mine : cells.values()) {
            StackCell theirs = o.cells.get(mine.offset());
            if (theirs != null && theirs.width() == mine.width()) {
                c.put(mine.offset(), new StackCell(mine.offset(), mine.width(), mine.type().join(theirs.type())));
            }
        }
        return new StackDomain(Math.max(size, o.size), sameOrder(o), n, c, false);
    }

    @Override
    public StackDomain meet(StackDomain o) {
        if (bottom || o.bottom) {
            return BOTTOM;
        }
        BitSet n = (BitSet) numeric.clone();
        n.or(o.numeric);
        TreeMap<Integer, StackCell> c = new TreeMap<>(cells);
        for (StackCell theirs : o.cells.values()) {
            StackCell mine = c.get(theirs.offset());
            if (mine != null && mine.width() == theirs.width()) {
                TypeSet t = mine.type().meet(theirs.type());
                if (t.isBottom()) {
                    return BOTTOM;
                }
                c.put(theirs.offset(), new StackCell(theirs.offset(), theirs.width(), t));
            } else if (overlapsAny(c, theirs)) {
                // Two different layouts over the same bytes: keep this side's (a sound upper
                // bound of the meet, which is all a meet must give).
                continue;
            } else {
                c.put(theirs.offset(), theirs);
            }
        }
        return new StackDomain(Math.max(size, o.size), sameOrder(o), n, c, false);
    }

    private ByteOrder sameOrder(StackDomain o) {
        if (!order.equals(o.order)) {
            throw new IllegalArgumentException("stacks of different byte orders: " + order + " and " + o.order);
        }
        return order;
    }

    private static boolean overlapsAny(Map<Integer, StackCell> c, StackCell x) {
        return c.values().stream().anyMatch(y -> y.overlaps(x.offset(), x.end()));
    }

    @Override
    public StackDomain widen(StackDomain o) {
        return join(o);
    }

    @Override
    public StackDomain narrow(StackDomain o) {
        return meet(o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackDomain s && bottom == s.bottom && size == s.size && order.equals(s.order)
                && numeric.equals(s.numeric)
                && cells.equals(s.cells);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bottom, size, numeric, cells);
    }

    /// `Numbers -> {[504...511]}`, PREVAIL's way (the cells' types are part of the state's types).
    @Override
    public String toString() {
        if (bottom) {
            return "_|_";
        }
        List<String> ranges = new ArrayList<>();
        for (int lo = numeric.nextSetBit(0); lo >= 0; lo = numeric.nextSetBit(numeric.nextClearBit(lo))) {
            ranges.add("[" + lo + "..." + (numeric.nextClearBit(lo) - 1) + "]");
        }
        return "Numbers -> {" + String.join(", ", ranges) + "}";
    }
}
