package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.verifier.domain.num.Lattice;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/// A set of [RegionType]s a value may have: bottom is the empty set, top every type. Join is
/// union (finite height, so widening is join) and meet intersection.
///
/// @param bits one bit per [RegionType] ordinal
public record TypeSet(int bits) implements Lattice<TypeSet> {
    private static final int ALL = (1 << RegionType.values().length) - 1;

    public static final TypeSet BOTTOM = new TypeSet(0);
    public static final TypeSet TOP = new TypeSet(ALL);
    public static final TypeSet NUMBER = of(RegionType.NUMBER);
    public static final TypeSet UNINIT = of(RegionType.UNINIT);
    /// Pointers that may be moved, compared and dereferenced: ctx, packet, stack, shared and
    /// allocated memory.
    public static final TypeSet POINTER = of(RegionType.CTX, RegionType.PACKET, RegionType.STACK, RegionType.SHARED,
            RegionType.ALLOC_MEM);
    /// Pointers that loads and stores may go through: [#POINTER] and sockets (which no
    /// arithmetic moves).
    public static final TypeSet DEREFERENCEABLE = POINTER.join(of(RegionType.SOCKET));
    /// Memory a helper may read or write: stack, packet, shared.
    public static final TypeSet MEM = of(RegionType.STACK, RegionType.PACKET, RegionType.SHARED);
    /// Pointers into a region with a single instance: ctx, packet, stack.
    public static final TypeSet SINGLETON_PTR = of(RegionType.CTX, RegionType.PACKET, RegionType.STACK);
    /// References to maps: `map_fd` and `map_fd_programs`.
    public static final TypeSet FD = of(RegionType.MAP_FD, RegionType.MAP_FD_PROGRAMS);
    /// Anything initialised.
    public static final TypeSet INITIALISED = new TypeSet(ALL & ~(1 << RegionType.UNINIT.ordinal()));

    public TypeSet {
        if ((bits & ~ALL) != 0) {
            throw new IllegalArgumentException("unknown type bits 0x" + Integer.toHexString(bits));
        }
    }

    public static TypeSet of(RegionType... types) {
        int b = 0;
        for (RegionType t : types) {
            b |= 1 << t.ordinal();
        }
        return new TypeSet(b);
    }

    public boolean contains(RegionType t) {
        return (bits & (1 << t.ordinal())) != 0;
    }

    /// Whether every type here is in `group`.
    public boolean within(TypeSet group) {
        return (bits & ~group.bits) == 0;
    }

    /// The single type, if there is exactly one.
    public java.util.Optional<RegionType> single() {
        return Integer.bitCount(bits) == 1
                ? java.util.Optional.of(RegionType.values()[Integer.numberOfTrailingZeros(bits)])
                : java.util.Optional.empty();
    }

    public Set<RegionType> types() {
        EnumSet<RegionType> out = EnumSet.noneOf(RegionType.class);
        for (RegionType t : RegionType.values()) {
            if (contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    public TypeSet without(RegionType t) {
        return new TypeSet(bits & ~(1 << t.ordinal()));
    }

    @Override
    public boolean isBottom() {
        return bits == 0;
    }

    @Override
    public boolean isTop() {
        return bits == ALL;
    }

    @Override
    public boolean leq(TypeSet o) {
        return within(o);
    }

    @Override
    public TypeSet join(TypeSet o) {
        return new TypeSet(bits | o.bits);
    }

    @Override
    public TypeSet meet(TypeSet o) {
        return new TypeSet(bits & o.bits);
    }

    @Override
    public TypeSet widen(TypeSet o) {
        return join(o);
    }

    @Override
    public TypeSet narrow(TypeSet o) {
        return meet(o);
    }

    /// `number`, or `{ctx, packet}` in declaration order.
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (RegionType t : types()) {
            names.add(t.prevailName());
        }
        return names.size() == 1 ? names.getFirst() : "{" + String.join(", ", names) + "}";
    }

    // Written out rather than generated, as Bound's are (see there).
    @Override
    public boolean equals(Object o) {
        return o instanceof TypeSet t && bits == t.bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }
}
