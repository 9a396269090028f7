package io.splitbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.testsupport.TestPaths;
import io.splitbpf.verifier.assertion.ProgramInfo;
import io.splitbpf.verifier.cfg.CfgBuilder;
import io.splitbpf.verifier.cfg.ProgramCfg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.fixpoint.FixpointIterator;
import io.splitbpf.verifier.fixpoint.WideningPolicy;
import io.splitbpf.verifier.report.Finding;
import io.splitbpf.verifier.semantics.AnalysisContext;
import io.splitbpf.verifier.semantics.MapShape;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/// PREVAIL's own verifier cases (`../shared/verifier-cases/*.yaml`, 443 cases), run through
/// our analysis: one dynamic test per case, named `file: test-case`.
///
/// A case **matches** when our verdict is PREVAIL's (PREVAIL rejects exactly when it lists a
/// message other than a `Code becomes unreachable` note) and our post-state entails every
/// `post` constraint (and every `observe` check holds). Where we are more precise than
/// PREVAIL the case still matches: entailment only asks that we know at least as much.
/// Where the verdicts agree on a rejection but the pcs of the errors differ, or the
/// unreachable-code notes differ, the case still matches; those differences are printed.
///
/// Every case that does not match is listed in `verifier-cases-differences.txt`
/// (`file<TAB>case<TAB>reason`): a listed case must still differ (so a precision gain is never
/// silent: drop its line), an unlisted one must match. `-Dverifier.cases.update=true`
/// rewrites the list from this run, keeping the reasons already written and adding computed
/// ones for new entries.
///
/// The analysis runs as PREVAIL's YAML runner does: from the `pre` state (no setup: registers
/// not named may hold anything), code without a final `exit` allowed, its `options` applied
/// (`termination`, `!allow_division_by_zero`, `big_endian` for the byte order of the stack), on
/// PREVAIL's test
/// platform ([ProgramTypeDescriptor#PREVAIL_TEST]) where every map fd names a 4-byte-key,
/// 4-byte-value map.
class VerifierCasesConformanceTest {
    private static final String DIFFERENCES = "verifier-cases-differences.txt";
    private static final int TOTAL_CASES = 443;
    /// PREVAIL's test platform answers every map fd with the same descriptor; fds up to 27 occur.
    private static final int MAP_COUNT = 28;
    private static final Pattern MESSAGE = Pattern.compile("(\\d+)(?::(\\d+))?(?: \\(counter\\))?: (.*)");
    private static final String UNREACHABLE = "Code becomes unreachable";

    /// What running one case gave.
    ///
    /// @param matched whether verdict and post agree
    /// @param reason why not, when not
    /// @param notes message differences of a case that matched or not
    private record Outcome(boolean matched, String reason, List<String> notes) {}

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        Path dir = TestPaths.requireShared("verifier-cases");
        List<PrevailCase> all = PrevailCase.readAll(dir);
        assertEquals(TOTAL_CASES, all.size(), "cases in " + dir);
        Map<String, String> listed = readDifferences();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (PrevailCase c : all) {
            outcomes.put(c.key(), run(c));
        }
        report(outcomes, listed);
        if (Boolean.getBoolean("verifier.cases.update")) {
            writeDifferences(all, outcomes, listed);
        }
        Set<String> keys = new TreeSet<>(outcomes.keySet());
        List<String> stale = listed.keySet().stream().filter(k -> !keys.contains(k)).sorted().toList();
        DynamicTest noStale = DynamicTest.dynamicTest("differences list names only existing cases",
                () -> assertTrue(stale.isEmpty(), "listed but no such case: " + stale));
        return Stream.concat(Stream.of(noStale), all.stream().map(c -> DynamicTest.dynamicTest(c.key(), () -> {
            Outcome o = outcomes.get(c.key());
            if (listed.containsKey(c.key())) {
                assertTrue(!o.matched(), "now matches PREVAIL: drop it from " + DIFFERENCES + " (was: "
                        + listed.get(c.key()) + ")");
            } else if (!o.matched()) {
                fail("differs from PREVAIL: " + o.reason());
            }
        })));
    }

    private static void report(Map<String, Outcome> outcomes, Map<String, String> listed) {
        long matched = outcomes.values().stream().filter(Outcome::matched).count();
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((k, o) -> {
            if (!o.matched()) {
                sb.append("differs: ").append(k).append(": ").append(o.reason()).append('\n');
            }
        });
        outcomes.forEach((k, o) -> o.notes().forEach(n -> sb.append("note: ").append(k).append(": ").append(n)
                .append('\n')));
        sb.append(matched).append(" matched, ").append(outcomes.size() - matched).append(" differ\n");
        System.out.print(sb);
    }

    // ----- one case -----

    private static Outcome run(PrevailCase c) {
        try {
            return compare(c);
        } catch (PrevailConstraints.Unsupported e) {
            return new Outcome(false, "not expressible here: " + e.getMessage(), List.of());
        } catch (RuntimeException e) {
            return new Outcome(false, "exception: " + e, List.of());
        }
    }

    private static Outcome compare(PrevailCase c) {
        PrevailProgram p = PrevailProgram.of(c);
        AnalysisContext ctx = context(c);
        PrevailConstraints constraints = new PrevailConstraints(label -> p.pcOfLabel().getOrDefault(label, -1));
        EbpfState entry = constraints.entry(c.pre(), ctx.totalStackSize(), ctx.byteOrder());
        ProgramCfg cfg = CfgBuilder.build(p.seq(), true);
        List<Finding> findings = new ArrayList<>(cfg.findings());
        Optional<EbpfState> post = Optional.empty();
        if (!cfg.hasErrors()) {
            FixpointIterator.Result r = FixpointIterator.analyze(cfg, entry, ctx, WideningPolicy.DEFAULT,
                    Optional.empty(), p.assumptions());
            findings.addAll(r.findings());
            post = Optional.of(r.invariants().exit());
        }
        List<Finding> errors = findings.stream().filter(Finding::error).toList();
        List<String> prevailErrors = c.messages().stream().filter(m -> !m.contains(UNREACHABLE)).toList();
        List<String> reasons = new ArrayList<>();
        if (errors.isEmpty() != prevailErrors.isEmpty()) {
            reasons.add(errors.isEmpty() ? "prevail rejects (" + prevailErrors.getFirst() + "), we accept"
                    : "we reject (" + labelled(errors.getFirst(), p) + "), prevail accepts");
        }
        if (post.isEmpty()) {
            if (!c.post().isEmpty()) {
                reasons.add("no post-state: the cfg is refused");
            }
        } else {
            constraints.firstNotEntailed(post.get(), c.post()).ifPresent(w -> reasons.add("post not entailed: " + w));
            observe(c, post.get(), constraints).ifPresent(reasons::add);
        }
        List<String> notes = messageNotes(c, findings, p);
        return new Outcome(reasons.isEmpty(), String.join("; ", reasons), notes);
    }

    /// The case's options on PREVAIL's test platform: one 512-byte frame at the top of the
    /// default stack, every map fd a 4-byte-key, 4-byte-value map.
    private static AnalysisContext context(PrevailCase c) {
        VerifierOptions o = VerifierOptions.defaults()
                .withCheckTermination(c.options().contains("termination"))
                .withAllowDivisionByZero(!c.options().contains("!allow_division_by_zero"));
        List<MapShape> maps = Collections.nCopies(MAP_COUNT, new MapShape(MapType.UNSPEC, 4, 4, -1));
        return new AnalysisContext(new ProgramInfo(ProgramTypeDescriptor.PREVAIL_TEST, MAP_COUNT), maps,
                o.totalStackSize(), o.frameSize(), o.maxPacketSize(), o.allowDivisionByZero(), o.checkTermination(),
                o.loopLimit(), c.options().contains("big_endian") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /// The only `observe` form in the cases: constraints consistent with the exit state.
    private static Optional<String> observe(PrevailCase c, EbpfState post, PrevailConstraints constraints) {
        for (Map<String, Object> o : c.observe()) {
            if (!"exit".equals(String.valueOf(o.get("at"))) || !"post".equals(String.valueOf(o.get("point")))
                    || !"consistent".equals(String.valueOf(o.get("mode")))) {
                return Optional.of("observe form not supported: " + o);
            }
            @SuppressWarnings("unchecked")
            List<Object> cs = (List<Object>) o.get("constraints");
            for (Object x : cs) {
                if (constraints.assume(post, String.valueOf(x)).isBottom()) {
                    return Optional.of("observe: " + x + " is inconsistent with our exit state");
                }
            }
        }
        return Optional.empty();
    }

    /// Differences in where errors and unreachable-code notes are reported (PREVAIL labels).
    private static List<String> messageNotes(PrevailCase c, List<Finding> findings, PrevailProgram p) {
        SortedSet<Integer> theirErrors = new TreeSet<>();
        SortedSet<Integer> theirUnreachable = new TreeSet<>();
        for (String m : c.messages()) {
            Matcher mm = MESSAGE.matcher(m);
            if (mm.matches()) {
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
            notes.add("errors at " + ourErrors + ", prevail's at " + theirErrors + " (" + findings.stream()
                    .filter(Finding::error).map(f -> labelled(f, p)).toList() + " vs " + c.messages() + ")");
        }
        if (!theirUnreachable.equals(ourUnreachable)) {
            notes.add("unreachable code noted at " + ourUnreachable + ", prevail at " + theirUnreachable);
        }
        return notes;
    }

    /// A finding with PREVAIL's label in place of our pc.
    private static String labelled(Finding f, PrevailProgram p) {
        return new Finding(p.labelOfPc().getOrDefault(f.pc(), f.pc()), f.sentence(), f.assertion(), f.error()).toString();
    }

    // ----- the differences list -----

    private static Path differencesSource() {
        return TestPaths.root().resolve("verifier-service/src/test/resources").resolve(DIFFERENCES);
    }

    /// `file: case` to reason, from the classpath copy of the list.
    private static Map<String, String> readDifferences() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var in = VerifierCasesConformanceTest.class.getResourceAsStream("/" + DIFFERENCES)) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 3 || f[2].isBlank()) {
                    throw new IllegalStateException(DIFFERENCES + ": not file<TAB>case<TAB>reason: " + line);
                }
                if (out.put(f[0] + ": " + f[1], f[2]) != null) {
                    throw new IllegalStateException(DIFFERENCES + ": listed twice: " + line);
                }
            }
        }
        return out;
    }

    private static void writeDifferences(List<PrevailCase> all, Map<String, Outcome> outcomes,
                                         Map<String, String> listed) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# PREVAIL verifier cases (../shared/verifier-cases) where we differ from PREVAIL:\n")
                .append("# file<TAB>case<TAB>reason. VerifierCasesConformanceTest asserts that each still differs.\n");
        for (PrevailCase c : all) {
            Outcome o = outcomes.get(c.key());
            if (!o.matched()) {
                String reason = listed.getOrDefault(c.key(), o.reason());
                sb.append(c.file()).append('\t').append(c.name()).append('\t')
                        .append(reason.replace('\t', ' ').replace('\n', ' ')).append('\n');
            }
        }
        Files.writeString(differencesSource(), sb.toString());
    }
}
