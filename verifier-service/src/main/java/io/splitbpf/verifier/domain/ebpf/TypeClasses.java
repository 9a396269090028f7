package io.splitbpf.verifier.domain.ebpf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/// Which values are known to have the same type (PREVAIL's type equalities, a union-find
/// there): a partition of type variables, named `r1` for registers and `s[504...511]` for
/// spilled stack cells. Two registers that may each be a context or a packet pointer but are
/// in one class are both one or both the other, which is what lets `r1 - r2` or `r1 == r2`
/// through and lets a comparison split by type.
///
/// Class invariants: only classes of at least two members are kept, each under its least
/// member; the members of a class have equal [TypeSet]s in the state that holds it (every
/// assignment leaves its class first). Names are sorted, so iteration is deterministic.
public final class TypeClasses {
    /// No two values known to share a type.
    public static final TypeClasses NONE = new TypeClasses(new TreeMap<>());

    /// Member to the least member of its class.
    private final SortedMap<String, String> rep;

    private TypeClasses(SortedMap<String, String> rep) {
        this.rep = rep;
    }

    /// The least member of `x`'s class, or `x` alone.
    public String find(String x) {
        return rep.getOrDefault(x, x);
    }

    /// Whether `a` and `b` are in one class.
    public boolean same(String a, String b) {
        return a.equals(b) || find(a).equals(find(b));
    }

    /// The members of `x`'s class, `x` included, sorted.
    public SortedSet<String> classOf(String x) {
        SortedSet<String> out = new TreeSet<>();
        String r = find(x);
        rep.forEach((m, c) -> {
            if (c.equals(r)) {
                out.add(m);
            }
        });
        out.add(x);
        return out;
    }

    /// These classes with `x` alone.
    public TypeClasses without(String x) {
        if (!rep.containsKey(x)) {
            return this;
        }
        SortedSet<String> rest = classOf(x);
        rest.remove(x);
        TreeMap<String, String> out = new TreeMap<>(rep);
        out.remove(x);
        return new TypeClasses(out).regroup(rest);
    }

    /// These classes with every name in `xs` alone.
    public TypeClasses withoutAll(Collection<String> xs) {
        TypeClasses out = this;
        for (String x : xs) {
            out = out.without(x);
        }
        return out;
    }

    /// These classes with `x` moved into `like`'s class.
    public TypeClasses with(String x, String like) {
        if (x.equals(like)) {
            return this;
        }
        TypeClasses out = without(x);
        SortedSet<String> members = out.classOf(like);
        members.add(x);
        return out.regroup(members);
    }

    /// `members` (already out of any other class, or all of one class) as one class under its
    /// least member.
    private TypeClasses regroup(SortedSet<String> members) {
        TreeMap<String, String> out = new TreeMap<>(rep);
        for (String m : members) {
            out.remove(m);
        }
        if (members.size() > 1) {
            for (String m : members) {
                out.put(m, members.first());
            }
        }
        return new TypeClasses(out);
    }

    /// Every class, each sorted, in order of their least members.
    public List<SortedSet<String>> classes() {
        TreeMap<String, SortedSet<String>> byRep = new TreeMap<>();
        rep.forEach((m, c) -> byRep.computeIfAbsent(c, _ -> new TreeSet<>()).add(m));
        return new ArrayList<>(byRep.values());
    }

    /// The partition of `names` that holds in both of two states, whose equalities
    /// (`sameHere`, `sameThere`: each a key per name, equal keys meaning the same type) are
    /// given in full; classes made only of names that `implied` says need no class are left
    /// out.
    public static TypeClasses common(Collection<String> names, Function<String, String> sameHere,
                                     Function<String, String> sameThere, Function<SortedSet<String>, Boolean> implied) {
        Map<List<String>, SortedSet<String>> groups = new TreeMap<>((a, b) -> {
            int c = a.get(0).compareTo(b.get(0));
            return c != 0 ? c : a.get(1).compareTo(b.get(1));
        });
        for (String n : new TreeSet<>(names)) {
            groups.computeIfAbsent(List.of(sameHere.apply(n), sameThere.apply(n)), _ -> new TreeSet<>()).add(n);
        }
        TypeClasses out = NONE;
        for (SortedSet<String> g : groups.values()) {
            if (g.size() > 1 && !implied.apply(g)) {
                out = out.regroup(g);
            }
        }
        return out;
    }

    /// These classes and `o`'s merged (both sets of equalities hold).
    public TypeClasses union(TypeClasses o) {
        TypeClasses out = this;
        for (SortedSet<String> c : o.classes()) {
            String first = c.first();
            for (String m : c) {
                if (!out.same(first, m)) {
                    SortedSet<String> merged = new TreeSet<>(out.classOf(first));
                    merged.addAll(out.classOf(m));
                    out = out.regroup(merged);
                }
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return rep.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeClasses t && rep.equals(t.rep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rep);
    }

    /// `r1.type=r2.type=s[504...511].type`, one class after another.
    @Override
    public String toString() {
        List<String> out = new ArrayList<>();
        for (SortedSet<String> c : classes()) {
            out.add(String.join("=", c.stream().map(m -> m + ".type").toList()));
        }
        return String.join(", ", out);
    }
}
