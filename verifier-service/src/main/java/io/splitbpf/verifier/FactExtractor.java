package io.splitbpf.verifier;

import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Bound;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.fixpoint.InvariantTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/// Reads the [ProvenFact]s of an accepted program off its stable invariants: the exit range of
/// `r0`, and for each memory access of the outermost function whose base register points into
/// one region on every path, that region and the range of the accessed offset.
///
/// Invariant: the invariants come from the checking pass of a program with no error, so every
/// access at a reachable pc passed its check in exactly the state read here; an unreachable pc
/// (bottom) yields no fact. Accesses inside bpf-to-bpf callees have no outermost-frame state
/// and yield none either.
final class FactExtractor {
    private static final Set<RegionType> MEMORY = EnumSet.of(RegionType.CTX, RegionType.PACKET, RegionType.STACK,
            RegionType.SHARED);

    private FactExtractor() {}

    static List<ProvenFact> extract(InsnSeq insns, InvariantTable invariants, Optional<ValueRange> exitRange) {
        List<ProvenFact> facts = new ArrayList<>();
        exitRange.ifPresent(r -> facts.add(new ProvenFact(ProvenFact.R0_RANGE, -1, r.min(), r.max(), "")));
        for (Map.Entry<Integer, EbpfState> e : invariants.pre().entrySet()) {
            int pc = e.getKey();
            EbpfState s = e.getValue();
            if (s.isBottom()) continue;
            access(insns.at(pc).insn()).ifPresent(a -> memoryAccess(pc, s, a.base(), a.offset()).ifPresent(facts::add));
        }
        return facts;
    }

    private record Access(Reg base, short offset) {}

    private static Optional<Access> access(Insn insn) {
        return switch (insn) {
            case Load l -> Optional.of(new Access(l.base(), l.offset()));
            case Store st -> Optional.of(new Access(st.base(), st.offset()));
            case Atomic a -> Optional.of(new Access(a.base(), a.offset()));
            default -> Optional.empty();
        };
    }

    private static Optional<ProvenFact> memoryAccess(int pc, EbpfState s, Reg base, short offset) {
        Optional<RegionType> region = s.type(base).single().filter(MEMORY::contains);
        if (region.isEmpty()) return Optional.empty();
        Interval at = s.interval(Variables.of(base, region.get().offsetKind().orElseThrow()));
        if (at.isBottom()) return Optional.empty();
        return Optional.of(new ProvenFact(ProvenFact.MEM_ACCESS, pc, end(at.lo(), offset, Long.MIN_VALUE),
                end(at.hi(), offset, Long.MAX_VALUE), region.get().prevailName()));
    }

    private static long end(Bound b, short offset, long unbounded) {
        if (!b.isFinite()) return unbounded;
        long v = b.value() + offset;
        // an offset that overflows is as good as unbounded
        return ((b.value() ^ v) & (offset ^ v)) < 0 ? unbounded : v;
    }
}
