package io.splitbpf.verifier.check;

import io.splitbpf.verifier.assertion.Assertion.Addable;
import io.splitbpf.verifier.assertion.Assertion.Comparable;
import io.splitbpf.verifier.assertion.Assertion.TypeConstraint;
import io.splitbpf.verifier.assertion.Assertion.ValidStore;
import io.splitbpf.verifier.assertion.Assertion.ZeroCtxOffset;
import io.splitbpf.verifier.assertion.AssertionExtractor;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import java.util.Optional;

/// Checks of register types: type groups, comparable and addable pairs, the pointer-leak
/// check of stores, and unmodified context pointers.
final class TypeChecks {
    private TypeChecks() {}

    static Optional<Sentence> type(EbpfState s, TypeConstraint t) {
        TypeSet actual = s.type(t.reg());
        if (!actual.within(t.group())) {
            return Optional.of(Sentence.INVALID_TYPE);
        }
        boolean fd = t.group().equals(TypeSet.of(RegionType.MAP_FD)) || t.group().equals(TypeSet.of(RegionType.MAP_FD_PROGRAMS));
        if (fd && s.scalar(t.reg()).svalue().contains(0)) {
            // A map of maps' lookup result must be checked for null before it is used.
            return Optional.of(Sentence.NULL_ACCESS);
        }
        return Optional.empty();
    }

    static Optional<Sentence> comparable(EbpfState s, Comparable c) {
        TypeSet a = s.type(c.a());
        TypeSet b = s.type(c.b());
        if (a.within(TypeSet.NUMBER) && b.within(TypeSet.NUMBER)) {
            return Optional.empty();
        }
        if (c.orSecondIsNumber() && b.within(TypeSet.NUMBER) && a.within(AssertionExtractor.PTR_OR_NUM)) {
            return Optional.empty();
        }
        if (s.sameType(c.a(), c.b())) {
            // One type, whichever of a's it is: numbers, or one region with a single instance.
            TypeSet allowed = TypeSet.SINGLETON_PTR.join(TypeSet.NUMBER).join(c.fdsToo() ? TypeSet.FD : TypeSet.BOTTOM);
            return a.within(allowed) ? Optional.empty() : Optional.of(Sentence.SUBTRACT_NON_SINGLETON);
        }
        return Optional.of(Sentence.SUBTRACT_DIFFERENT);
    }

    static Optional<Sentence> addable(EbpfState s, Addable a) {
        boolean pointer = !s.type(a.pointer()).meet(TypeSet.POINTER).isBottom();
        return pointer && !s.type(a.number()).within(TypeSet.NUMBER) ? Optional.of(Sentence.ADD_POINTERS) : Optional.empty();
    }

    static Optional<Sentence> store(EbpfState s, ValidStore v) {
        boolean stackOnly = s.type(v.base()).equals(TypeSet.of(RegionType.STACK));
        return !stackOnly && !s.type(v.value()).within(TypeSet.NUMBER) ? Optional.of(Sentence.LEAK) : Optional.empty();
    }

    static Optional<Sentence> zeroCtxOffset(EbpfState s, ZeroCtxOffset z) {
        boolean zero = s.values().interval(Variables.of(z.reg(), "ctx_offset")).singleton().filter(v -> v == 0).isPresent();
        return zero ? Optional.empty() : Optional.of(Sentence.CTX_OFFSET);
    }
}
