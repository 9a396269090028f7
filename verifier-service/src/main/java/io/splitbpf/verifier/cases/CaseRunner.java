package io.splitbpf.verifier.cases;

import io.splitbpf.verifier.VerifierOptions;
import io.splitbpf.verifier.assertion.ProgramInfo;
import io.splitbpf.verifier.cfg.CfgBuilder;
import io.splitbpf.verifier.cfg.ProgramCfg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.fixpoint.FixpointIterator;
import io.splitbpf.verifier.fixpoint.WideningPolicy;
import io.splitbpf.verifier.report.Finding;
import io.splitbpf.verifier.semantics.AnalysisContext;
import io.splitbpf.verifier.semantics.EntryState;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Runs [VerifierCase]s through our analysis and compares the result with the case's.
///
/// A case **matches** when our verdict is the case's (it rejects exactly when it lists a
/// message other than an unreachable-code note: `Code becomes unreachable`, PREVAIL's, or
/// `Code is unreachable`, ours for code no edge leads to) and our post-state entails every
/// `post` constraint (and every `observe` check holds). Where we are more precise the case
/// still matches: entailment only asks that we know at least as much. Where the verdicts
/// agree on a rejection but the labels of the errors differ, or the unreachable-code notes
/// differ, the case still matches, with a note saying so.
///
/// The analysis runs as PREVAIL's YAML runner does: from the `pre` state (no setup: registers
/// not named may hold anything), code without a final `exit` allowed, its options applied
/// ([CaseOptions]), on PREVAIL's test platform unless the case names a program type and maps.
/// Findings are given with PREVAIL's labels (the index of the code line), as the case's
/// `messages` are.
public final class CaseRunner {
    private static final Pattern MESSAGE = Pattern.compile("(\\d+)(?::(\\d+))?(?: \\(counter\\))?: (.*)");
    private static final String UNREACHABLE = "Code becomes unreachable";
    private static final String NO_EDGE = "Code is unreachable";

    private CaseRunner() {}

    /// Runs `c`; a case that cannot be run here (a constraint or option we cannot express, code
    /// that does not assemble) differs, with the reason.
    public static CaseOutcome run(VerifierCase c) {
        try {
            return compare(c);
        } catch (CaseConstraints.Unsupported e) {
            return new CaseOutcome(false, "not expressible here: " + e.getMessage(), List.of(), List.of());
        } catch (RuntimeException e) {
            return new CaseOutcome(false, "exception: " + e, List.of(), List.of());
        }
    }

    private static CaseOutcome compare(VerifierCase c) {
        CaseOptions options = CaseOptions.of(c);
        CaseProgram p = CaseProgram.of(c);
        AnalysisContext ctx = context(options);
        CaseConstraints constraints = new CaseConstraints(label -> p.pcOfLabel().getOrDefault(label, -1));
        EbpfState entry = options.entry() ? EntryState.of(ctx)
                : constraints.entry(c.pre(), ctx.totalStackSize(), ctx.byteOrder());
        ProgramCfg cfg = CfgBuilder.build(p.seq(), !options.entry());
        List<Finding> findings = new ArrayList<>(cfg.findings());
        Optional<EbpfState> post = Optional.empty();
        if (!cfg.hasErrors()) {
            Optional<long[]> returnRange = options.entry() ? Optional.of(new long[] {
                options.descriptor().returnLow(), options.descriptor().returnHigh()}) : Optional.empty();
            FixpointIterator.Result r = FixpointIterator.analyze(cfg, entry, ctx, WideningPolicy.DEFAULT, returnRange,
                    p.assumptions());
            findings.addAll(r.findings());
            post = Optional.of(r.invariants().exit());
        }
        List<String> messages = findings.stream().sorted().distinct().map(f -> labelled(f, p)).toList();
        List<Finding> errors = findings.stream().filter(Finding::error).toList();
        List<String> theirErrors = c.messages().stream().filter(m -> !m.contains(UNREACHABLE) && !m.contains(NO_EDGE))
                .toList();
        List<String> reasons = new ArrayList<>();
        if (errors.isEmpty() != theirErrors.isEmpty()) {
            reasons.add(errors.isEmpty() ? "expected a rejection (" + theirErrors.getFirst() + "), we accept"
                    : "we reject (" + labelled(errors.getFirst(), p) + "), expected no error");
        }
        if (post.isEmpty()) {
            if (!c.post().isEmpty()) {
                reasons.add("no post-state: the cfg is refused");
            }
        } else {
            constraints.firstNotEntailed(post.get(), c.post()).ifPresent(w -> reasons.add("post not entailed: " + w));
            observe(c, post.get(), constraints).ifPresent(reasons::add);
        }
        return new CaseOutcome(reasons.isEmpty(), String.join("; ", reasons), messageNotes(c, findings, p), messages);
    }

    /// The analysis context of a case: PREVAIL's stack (one 512-byte frame at the top of the
    /// default stack), the case's program type, maps, options and byte order.
    private static AnalysisContext context(CaseOptions o) {
        VerifierOptions v = VerifierOptions.defaults();
        return new AnalysisContext(new ProgramInfo(o.descriptor(), o.maps().size()), o.maps(), v.totalStackSize(),
                v.frameSize(), v.maxPacketSize(), o.allowDivisionByZero(), o.checkTermination(), v.loopLimit(),
                o.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /// The only `observe` form in the cases: constraints consistent with the exit state.
    private static Optional<String> observe(VerifierCase c, EbpfState post, CaseConstraints constraints) {
        for (Map<String, Object> o : c.observe()) {
            if (!"exit".equals(String.valueOf(o.get("at"))) || !"post".equals(String.valueOf(o.get("point")))
                    || !"consistent".equals(String.valueOf(o.get("mode")))
                    || !(o.get("constraints") instanceof List<?> cs)) {
                return Optional.of("observe form not supported: " + o);
            }
            for (Object x : cs) {
                if (constraints.assume(post, String.valueOf(x)).isBottom()) {
                    return Optional.of("observe: " + x + " is inconsistent with our exit state");
                }
            }
        }
        return Optional.empty();
    }

    /// Differences in where errors and unreachable-code notes are reported (by label).
    private static List<String> messageNotes(VerifierCase c, List<Finding> findings, CaseProgram p) {
        SortedSet<Integer> theirErrors = new TreeSet<>();
        SortedSet<Integer> theirUnreachable = new TreeSet<>();
        for (String m : c.messages()) {
            Matcher mm = MESSAGE.matcher(m);
            if (mm.matches() && !m.contains(NO_EDGE)) {
                (m.contains(UNREACHABLE) ? theirUnreachable : theirErrors).add(Integer.parseInt(mm.group(1)));
            }
        }
        SortedSet<Integer> ourErrors = new TreeSet<>();
        SortedSet<Integer> ourUnreachable = new TreeSet<>();
        for (Finding f : findings) {
            int label = p.labelOfPc().getOrDefault(f.pc(), f.pc());
            if (f.error()) {
                ourErrors.add(label);
            } else if (f.sentence().equals(UNREACHABLE)) {
                ourUnreachable.add(label);
            }
        }
        List<String> notes = new ArrayList<>();
        if (!theirErrors.isEmpty() && !ourErrors.isEmpty() && !theirErrors.equals(ourErrors)) {
            notes.add("errors at " + ourErrors + ", expected at " + theirErrors + " (" + findings.stream()
                    .filter(Finding::error).map(f -> labelled(f, p)).toList() + " vs " + c.messages() + ")");
        }
        if (!theirUnreachable.equals(ourUnreachable)) {
            notes.add("unreachable code noted at " + ourUnreachable + ", expected at " + theirUnreachable);
        }
        return notes;
    }

    /// A finding with the case's label in place of our pc.
    private static String labelled(Finding f, CaseProgram p) {
        return new Finding(p.labelOfPc().getOrDefault(f.pc(), f.pc()), f.sentence(), f.assertion(), f.error()).toString();
    }
}
