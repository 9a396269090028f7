package io.splitbpf.verifier.check;

import io.splitbpf.verifier.assertion.Assertion;
import io.splitbpf.verifier.assertion.Assertion.Addable;
import io.splitbpf.verifier.assertion.Assertion.BoundedLoop;
import io.splitbpf.verifier.assertion.Assertion.Comparable;
import io.splitbpf.verifier.assertion.Assertion.TypeConstraint;
import io.splitbpf.verifier.assertion.Assertion.ValidAccess;
import io.splitbpf.verifier.assertion.Assertion.ValidCall;
import io.splitbpf.verifier.assertion.Assertion.ValidDivisor;
import io.splitbpf.verifier.assertion.Assertion.NoRecordHeld;
import io.splitbpf.verifier.assertion.Assertion.ValidMapIndex;
import io.splitbpf.verifier.assertion.Assertion.ValidRelease;
import io.splitbpf.verifier.assertion.Assertion.ValidMapKeyValue;
import io.splitbpf.verifier.assertion.Assertion.ValidReturn;
import io.splitbpf.verifier.assertion.Assertion.ValidSize;
import io.splitbpf.verifier.assertion.Assertion.ValidStore;
import io.splitbpf.verifier.assertion.Assertion.ZeroCtxOffset;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.report.Finding;
import io.splitbpf.verifier.semantics.AnalysisContext;
import java.util.Optional;

/// Entailment of one assertion by a pre-state: read-only, and a failure is a [Finding]
/// (`<pc>: <sentence> (<assertion>)`), never an exception. Dispatch only: each kind is
/// checked by a method of [TypeChecks], [AccessChecks] or [ValueChecks], whose sentences
/// come from [Sentence].
public final class Checker {
    private Checker() {}

    /// The finding `a` gives at `pc` in state `s`, if `s` does not entail it. Bottom entails
    /// everything (the instruction is unreachable).
    public static Optional<Finding> check(EbpfState s, Assertion a, AnalysisContext ctx, int pc) {
        if (s.isBottom()) {
            return Optional.empty();
        }
        Optional<Sentence> failure = switch (a) {
            case TypeConstraint t -> TypeChecks.type(s, t);
            case Comparable c -> TypeChecks.comparable(s, c);
            case Addable ad -> TypeChecks.addable(s, ad);
            case ValidStore v -> TypeChecks.store(s, v);
            case ZeroCtxOffset z -> TypeChecks.zeroCtxOffset(s, z);
            case ValidAccess v -> AccessChecks.access(s, v, ctx);
            case ValidMapKeyValue m -> AccessChecks.mapKeyValue(s, m, ctx);
            case ValidDivisor d -> ValueChecks.divisor(s, d, ctx);
            case ValidSize v -> ValueChecks.size(s, v);
            case BoundedLoop b -> ValueChecks.boundedLoop(s, b);
            case ValidCall c -> ValueChecks.call(s, c, ctx);
            case ValidReturn r -> ValueChecks.returnValue(s, r);
            case ValidMapIndex m -> ValueChecks.mapIndex(m, ctx);
            case ValidRelease r -> ValueChecks.release(s, r);
            case NoRecordHeld n -> ValueChecks.noRecordHeld(s);
        };
        return failure.map(f -> new Finding(pc, f.text(), a.toString(), true));
    }
}
