package io.splitbpf.verifier.fixpoint;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.verifier.AnalysisBudget;
import io.splitbpf.verifier.assertion.Assertion;
import io.splitbpf.verifier.assertion.AssertionExtractor;
import io.splitbpf.verifier.cfg.BasicBlock;
import io.splitbpf.verifier.cfg.Cfg;
import io.splitbpf.verifier.cfg.Edge;
import io.splitbpf.verifier.cfg.ProgramCfg;
import io.splitbpf.verifier.cfg.Wto;
import io.splitbpf.verifier.check.Checker;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Thresholds;
import io.splitbpf.verifier.report.Finding;
import io.splitbpf.verifier.semantics.AluSemantics;
import io.splitbpf.verifier.semantics.AnalysisContext;
import io.splitbpf.verifier.semantics.Assume;
import io.splitbpf.verifier.semantics.CallSemantics;
import io.splitbpf.verifier.semantics.Transformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/// Chaotic iteration over each function's weak topological order, then one checking pass
/// over the stable invariants.
///
/// Loop heads join for [WideningPolicy#delay()] iterations, then widen with thresholds, and
/// descend once stable (a meet, then narrowing). With termination checking, each head
/// increments a counter `pc[head]` (zero at the function's entry) whose bound is a
/// [Assertion.BoundedLoop]; the counters also bound the number of executed instructions.
/// bpf-to-bpf calls are analysed per call site (the callee from the caller's state, one
/// frame lower), as PREVAIL inlines them; results are cached by entry state.
///
/// A failed assertion cuts its path, during the iteration as in the checking pass (PREVAIL's
/// behaviour: the post-state of a failing instruction is bottom, so one fault is reported
/// once and its consequences not at all). Loop-counter bounds are the exception: they are
/// checked on the stable invariants and cut nothing. Because cutting makes the transfer
/// non-monotone, narrowing keeps a descending step only when it is still a post-fixpoint,
/// and the checking pass verifies that every edge's state is included in its target's
/// invariant (a violation is an error, never a silent acceptance).
public final class FixpointIterator {
    /// The outcome of an analysis.
    ///
    /// @param invariants the outermost frame's invariants
    /// @param findings every finding of the checking pass, sorted
    /// @param iterations block transfers performed
    /// @param maxLoopCount the largest loop counter bound (0 without loops or termination)
    /// @param instructionBound a bound on the instructions any path executes, when termination
    ///        was checked and every loop bounded (else -1)
    public record Result(InvariantTable invariants, List<Finding> findings, long iterations, long maxLoopCount,
                         long instructionBound) {
        public Result {
            findings = List.copyOf(findings);
        }
    }

    private record CallKey(int entryPc, EbpfState state) {}

    private final ProgramCfg program;
    private final AnalysisContext ctx;
    private final WideningPolicy policy;
    private final SortedMap<Integer, Assume> assumptions;
    private final Map<CallKey, EbpfState> calls = new HashMap<>();
    private final SortedSet<Finding> findings = new TreeSet<>();
    private final Map<Integer, Wto> wtos = new HashMap<>();
    private final AnalysisBudget budget;
    private long iterations;

    private FixpointIterator(ProgramCfg program, AnalysisContext ctx, WideningPolicy policy,
                             SortedMap<Integer, Assume> assumptions, AnalysisBudget budget) {
        this.program = program;
        this.ctx = ctx;
        this.policy = policy;
        this.assumptions = assumptions;
        this.budget = budget;
    }

    /// Analyses `program` from `entry` and checks every assertion; `returnRange` (the program
    /// type's, or empty) is asserted at the outermost exits.
    public static Result analyze(ProgramCfg program, EbpfState entry, AnalysisContext ctx, WideningPolicy policy,
                                 Optional<long[]> returnRange) {
        return analyze(program, entry, ctx, policy, returnRange, new TreeMap<>(), AnalysisBudget.unlimited());
    }

    /// As [#analyze(ProgramCfg, EbpfState, AnalysisContext, WideningPolicy, Optional)], charging
    /// `budget` one step per instruction transferred.
    ///
    /// @throws io.splitbpf.verifier.AnalysisLimitException when the budget runs out
    public static Result analyze(ProgramCfg program, EbpfState entry, AnalysisContext ctx, WideningPolicy policy,
                                 Optional<long[]> returnRange, AnalysisBudget budget) {
        return analyze(program, entry, ctx, policy, returnRange, new TreeMap<>(), budget);
    }

    /// As [#analyze(ProgramCfg, EbpfState, AnalysisContext, WideningPolicy, Optional)], with
    /// explicit assumptions: PREVAIL's `assume` pseudo-instruction, which its YAML cases write
    /// as code. Each stands in the sequence as a placeholder `goto +0` at its pc; the
    /// analysis checks the condition's assertions (those of the equivalent conditional jump)
    /// and refines the state by the condition instead of running the placeholder.
    ///
    /// @throws IllegalArgumentException when an assumption's pc does not hold a `goto +0`
    public static Result analyze(ProgramCfg program, EbpfState entry, AnalysisContext ctx, WideningPolicy policy,
                                 Optional<long[]> returnRange, SortedMap<Integer, Assume> assumptions) {
        return analyze(program, entry, ctx, policy, returnRange, assumptions, AnalysisBudget.unlimited());
    }

    private static Result analyze(ProgramCfg program, EbpfState entry, AnalysisContext ctx, WideningPolicy policy,
                                  Optional<long[]> returnRange, SortedMap<Integer, Assume> assumptions,
                                  AnalysisBudget budget) {
        for (int pc : assumptions.keySet()) {
            var at = pc >= 0 && pc < program.main().insns().slotCount() ? program.main().insns().at(pc) : null;
            if (at == null || !(at.insn() instanceof Jump j) || j.op() != JmpOp.JA || j.offset() != 0) {
                throw new IllegalArgumentException("no goto +0 placeholder for an assumption at " + pc);
            }
        }
        FixpointIterator it = new FixpointIterator(program, ctx, policy, new TreeMap<>(assumptions), budget);
        FunctionRun main = it.new FunctionRun(program.main(), entry, 0, returnRange);
        main.iterate();
        main.check();
        long maxCount = 0;
        long bound = ctx.checkTermination() ? program.main().insns().slotCount() : -1;
        for (int head : main.wto.heads()) {
            Interval c = main.in[head].values().interval(Variables.loopCounter(main.cfg.block(head).firstPc()));
            if (!ctx.checkTermination() || main.in[head].isBottom()) {
                continue;
            }
            long hi = c.hi().isFinite() ? c.hi().value() : Long.MAX_VALUE;
            maxCount = Math.max(maxCount, hi);
            bound = bound < 0 || hi == Long.MAX_VALUE ? -1 : saturatingAdd(bound, saturatingMul(hi + 1, main.componentSize(head)));
        }
        return new Result(new InvariantTable(main.pre, main.exitState()), new ArrayList<>(it.findings), it.iterations,
                maxCount, bound);
    }

    /// The most states kept apart at a block outside loops ([FunctionRun#incomingParts(int)]).
    private static final int MAX_PARTS = 4;
    /// The pointer kinds a path where they are null is kept apart from.
    private static final java.util.Set<RegionType> CHECKED_POINTERS = java.util.EnumSet.of(RegionType.PACKET,
            RegionType.SHARED, RegionType.SOCKET, RegionType.ALLOC_MEM, RegionType.MAP_FD, RegionType.MAP_FD_PROGRAMS);

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    private Wto wto(Cfg cfg) {
        return wtos.computeIfAbsent(cfg.entryPc(), _ -> Wto.of(cfg));
    }

    /// The caller's state after a bpf-to-bpf call from `caller`.
    private EbpfState call(CallLocal c, int pc, EbpfState caller, int depth, boolean check) {
        if (caller.isBottom()) {
            return caller;
        }
        int target = c.target(pc);
        Cfg callee = program.functions().get(target);
        if (callee == null || depth + 1 >= io.splitbpf.verifier.cfg.CfgBuilder.MAX_CALL_FRAMES) {
            // Invariant: CfgBuilder reports invalid targets, recursion and deep call chains as
            // errors, so no accepted program gets here.
            return Transformer.apply(caller, c, ctx);
        }
        EbpfState entry = CallSemantics.enterFrame(caller, ctx);
        CallKey key = new CallKey(target, entry);
        EbpfState exit = check ? null : calls.get(key);
        if (exit == null) {
            FunctionRun run = new FunctionRun(callee, entry, depth + 1, Optional.empty());
            run.iterate();
            if (check) {
                run.check();
            }
            exit = run.exitState();
            calls.put(key, exit);
        }
        return CallSemantics.returnFrom(caller, exit, ctx);
    }

    /// The analysis of one function from one entry state.
    private final class FunctionRun {
        final Cfg cfg;
        final EbpfState entry;
        final int depth;
        final Optional<long[]> returnRange;
        final Wto wto;
        final EbpfState[] in;
        final EbpfState[] out;
        /// The states leaving each block, kept apart where the block was run per part (see
        /// [#incomingParts(int)]); one state (none when bottom) elsewhere; `out` is their join.
        final List<List<EbpfState>> outParts = new ArrayList<>();
        /// The parts each block outside loops was run from (`in` is their join).
        final List<List<EbpfState>> inParts = new ArrayList<>();
        final List<List<Edge>> preds = new ArrayList<>();
        final SortedSet<Integer> heads;
        final TreeMap<Integer, EbpfState> pre = new TreeMap<>();

        FunctionRun(Cfg cfg, EbpfState entry, int depth, Optional<long[]> returnRange) {
            this.cfg = cfg;
            this.depth = depth;
            this.returnRange = returnRange;
            this.wto = wto(cfg);
            this.heads = wto.heads();
            int n = cfg.blocks().size();
            this.in = new EbpfState[n];
            this.out = new EbpfState[n];
            java.util.Arrays.fill(in, EbpfState.bottom());
            java.util.Arrays.fill(out, EbpfState.bottom());
            for (int i = 0; i < n; i++) {
                preds.add(new ArrayList<>());
                outParts.add(List.of());
                inParts.add(List.of());
            }
            for (Edge e : cfg.edges()) {
                if (e.to() != Cfg.EXIT) {
                    preds.get(e.to()).add(e);
                }
            }
            EbpfState s = entry;
            if (ctx.checkTermination()) {
                for (int h : heads) {
                    s = s.withValues(s.values().assign(Variables.loopCounter(cfg.block(h).firstPc()), Interval.of(0)));
                }
            }
            this.entry = s;
        }

        void iterate() {
            for (Wto.Element e : wto.elements()) {
                switch (e) {
                    case Wto.Vertex(int b) -> {
                        List<EbpfState> ins = incomingParts(b);
                        List<EbpfState> outs = new ArrayList<>();
                        for (EbpfState p : ins) {
                            EbpfState o = transfer(b, p, false);
                            if (!o.isBottom()) {
                                outs.add(o);
                            }
                        }
                        inParts.set(b, ins);
                        in[b] = joinAll(ins);
                        outParts.set(b, outs);
                        out[b] = joinAll(outs);
                    }
                    case Wto.Component(int h, List<Wto.Element> body) -> component(h, body);
                }
            }
        }

        private void run(List<Wto.Element> es) {
            for (Wto.Element e : es) {
                switch (e) {
                    case Wto.Vertex(int b) -> {
                        in[b] = joinPreds(b);
                        setOut(b, transfer(b, in[b], false));
                    }
                    case Wto.Component(int h, List<Wto.Element> body) -> component(h, body);
                }
            }
        }

        private void setOut(int b, EbpfState s) {
            out[b] = s;
            outParts.set(b, s.isBottom() ? List.of() : List.of(s));
        }

        /// The states entering `b`, a block outside every loop, one per incoming path, except
        /// that paths are joined unless a register is a pointer on one and null (the number 0)
        /// on the other: a join would then keep neither the pointer's facts nor which path
        /// the register came from, while apart, the null check ahead drops the null path with
        /// all it knew (`p = len >= 14 ? data : NULL; ... if (p) p[12]`). At most
        /// [FixpointIterator#MAX_PARTS] parts (more are joined into the last). A disjunction of states, so as
        /// sound as their join; outside loops, so the iteration still ends.
        private List<EbpfState> incomingParts(int b) {
            List<EbpfState> acc = new ArrayList<>();
            if (b == 0) {
                addPart(acc, entry);
            }
            for (Edge e : preds.get(b)) {
                for (EbpfState p : outParts.get(e.from())) {
                    addPart(acc, flow(e, p));
                }
            }
            return acc;
        }

        private static void addPart(List<EbpfState> parts, EbpfState s) {
            if (s.isBottom()) {
                return;
            }
            for (int i = 0; i < parts.size(); i++) {
                if (!apart(parts.get(i), s)) {
                    parts.set(i, parts.get(i).join(s));
                    return;
                }
            }
            if (parts.size() < MAX_PARTS) {
                parts.add(s);
            } else {
                parts.set(parts.size() - 1, parts.getLast().join(s));
            }
        }

        /// Whether some register is null (the number 0) in one state and, in the other, a
        /// pointer of a kind that code checks before use: into the packet (checked against
        /// `data_end`), or of a kind a helper may return null for (a map value, socket,
        /// allocated memory or map reference). The context and stack pointers, always valid,
        /// are left to the join.
        private static boolean apart(EbpfState a, EbpfState b) {
            for (int i = 0; i < 10; i++) {
                Reg r = Reg.of(i);
                if (nullVersusPointer(a, b, r) || nullVersusPointer(b, a, r)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean nullVersusPointer(EbpfState a, EbpfState b, Reg r) {
            Optional<RegionType> t = b.type(r).single();
            return a.type(r).equals(TypeSet.NUMBER) && t.isPresent() && CHECKED_POINTERS.contains(t.get())
                    && a.scalar(r).svalue().equals(Interval.of(0));
        }

        private static EbpfState joinAll(List<EbpfState> states) {
            EbpfState s = EbpfState.bottom();
            for (EbpfState p : states) {
                s = s.join(p);
            }
            return s;
        }

        private void component(int h, List<Wto.Element> body) {
            Thresholds thresholds = policy.thresholds().with(exitConstants(h, body));
            for (int i = 0; ; i++) {
                EbpfState incoming = joinPreds(h);
                EbpfState next = i < policy.delay() ? in[h].join(incoming) : in[h].widen(incoming, thresholds);
                if (i > 0 && next.leq(in[h])) {
                    break;
                }
                if (i >= policy.maxIterations()) {
                    findings.add(new Finding(cfg.block(h).firstPc(), "Analysis did not converge", "loop head", true));
                    break;
                }
                in[h] = next;
                setOut(h, transfer(h, in[h], false));
                run(body);
            }
            for (int i = 0; i < policy.narrowings(); i++) {
                // The first descending step is a meet (it recovers bounds that widening set to a
                // threshold), later ones narrow (PREVAIL's order).
                EbpfState narrowed = i == 0 ? in[h].meet(joinPreds(h)) : in[h].narrow(joinPreds(h));
                if (narrowed.equals(in[h])) {
                    break;
                }
                EbpfState stable = in[h];
                in[h] = narrowed;
                setOut(h, transfer(h, in[h], false));
                run(body);
                if (!joinPreds(h).leq(in[h])) {
                    // Cutting failed paths makes the transfer non-monotone, so a descending
                    // step may stop being a post-fixpoint: keep the last one that was.
                    in[h] = stable;
                    setOut(h, transfer(h, in[h], false));
                    run(body);
                    break;
                }
            }
        }

        /// For each equality test against a constant `N` that leaves the loop headed by `h`
        /// (`if x == N` out of it, or `if x != N` back into it), the thresholds `N - 1` and `N`:
        /// a counter that climbs by one from below `N` then widens to `N - 1`, where the test's
        /// other branch (`x != N`) can cut its range at `N`, so the loop is proved bounded (the
        /// counter cannot jump over `N`). A counter that steps by a constant `k` (`x += k`, `x -= k`
        /// in the loop) also gets `N - |k|` and `N + |k|`: it widens to the last value before `N`
        /// (the congruence the step gives it then lets the test cut exactly there). Thresholds
        /// only choose where widening stops, so this changes precision, never soundness.
        private long[] exitConstants(int h, List<Wto.Element> body) {
            java.util.Set<Integer> inside = new java.util.HashSet<>();
            inside.add(h);
            collectBlocks(body, inside);
            java.util.SortedSet<Long> out = new TreeSet<>();
            for (int b : inside) {
                Insn last = cfg.insns().at(cfg.block(b).lastPc()).insn();
                if (!(last instanceof Jump j) || !(j.op() == JmpOp.JEQ || j.op() == JmpOp.JNE)
                        || !(j.src() instanceof io.splitbpf.core.isa.Imm(var n))) {
                    continue;
                }
                boolean leaves = cfg.successors(b).stream().anyMatch(e -> e.to() == Cfg.EXIT || !inside.contains(e.to()));
                if (leaves) {
                    long v = j.width() == io.splitbpf.core.isa.Width.W32 ? n & 0xffff_ffffL : n;
                    out.add(v - 1);
                    out.add(v);
                    for (long k : steps(inside, j.dst())) {
                        out.add(v - k);
                        out.add(v + k);
                    }
                }
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        /// The sizes `|k|` (below 2^31) of the constant steps `r += k` and `r -= k` in `blocks`.
        private java.util.SortedSet<Long> steps(java.util.Set<Integer> blocks, Reg r) {
            java.util.SortedSet<Long> out = new TreeSet<>();
            for (int b : blocks) {
                for (int pc : cfg.block(b).pcs()) {
                    if (cfg.insns().at(pc).insn() instanceof Alu a && a.dst() == r
                            && (a.op() == io.splitbpf.core.isa.AluOp.ADD || a.op() == io.splitbpf.core.isa.AluOp.SUB)
                            && a.src() instanceof io.splitbpf.core.isa.Imm(var k) && k != 0 && k != Integer.MIN_VALUE) {
                        out.add((long) Math.abs(k));
                    }
                }
            }
            return out;
        }

        private void collectBlocks(List<Wto.Element> es, java.util.Set<Integer> into) {
            for (Wto.Element e : es) {
                switch (e) {
                    case Wto.Vertex(int b) -> into.add(b);
                    case Wto.Component(int h, List<Wto.Element> body) -> {
                        into.add(h);
                        collectBlocks(body, into);
                    }
                }
            }
        }

        private EbpfState joinPreds(int b) {
            EbpfState s = b == 0 ? entry : EbpfState.bottom();
            for (Edge e : preds.get(b)) {
                s = s.join(along(e));
            }
            return s;
        }

        /// The state flowing along `e`: the source's out-states, each refined by the branch,
        /// joined.
        private EbpfState along(Edge e) {
            EbpfState s = EbpfState.bottom();
            for (EbpfState p : outParts.get(e.from())) {
                s = s.join(flow(e, p));
            }
            return s;
        }

        /// The state `s` (the source's out-state) refined by the branch of `e`.
        private EbpfState flow(Edge e, EbpfState s) {
            return switch (e.kind()) {
                case TAKEN -> Transformer.assume(s, new Assume(lastJump(e.from()), true), ctx);
                case NOT_TAKEN -> Transformer.assume(s, new Assume(lastJump(e.from()), false), ctx);
                case FALLTHROUGH, GOTO, RETURN -> s;
            };
        }

        private Jump lastJump(int block) {
            return (Jump) cfg.insns().at(cfg.block(block).lastPc()).insn();
        }

        /// Runs block `b` from `s`; with `check`, records pre-states and findings, and cuts
        /// the path at the first failed assertion (PREVAIL's behaviour: no cascades).
        private EbpfState transfer(int b, EbpfState s, boolean check) {
            iterations++;
            BasicBlock block = cfg.block(b);
            budget.charge(block.pcs().size());
            if (ctx.checkTermination() && heads.contains(b)) {
                String c = Variables.loopCounter(block.firstPc());
                s = s.withValues(s.values().assign(c, c, 1));
            }
            EbpfState beforeShift = EbpfState.bottom();
            Alu shift = null;
            for (int pc : block.pcs()) {
                Insn insn = cfg.insns().at(pc).insn();
                Assume assumed = depth == 0 ? assumptions.get(pc) : null;
                if (check && depth == 0) {
                    pre.merge(pc, s, EbpfState::join);
                }
                if (failed(pc, assumed != null ? assumed.condition() : insn, s, b, check)) {
                    return EbpfState.bottom();
                }
                Optional<EbpfState> pair = shift != null && assumed == null && insn instanceof Alu a
                        ? AluSemantics.extensionPair(beforeShift, shift, a) : Optional.empty();
                shift = assumed == null && insn instanceof Alu a ? a : null;
                beforeShift = s;
                if (pair.isPresent()) {
                    s = pair.get();
                } else if (assumed != null) {
                    EbpfState after = Transformer.assume(s, assumed, ctx);
                    if (check && !s.isBottom() && after.isBottom()) {
                        findings.add(new Finding(pc, "Code becomes unreachable", assumed.toString(), false));
                    }
                    s = after;
                } else {
                    s = insn instanceof CallLocal c ? call(c, pc, s, depth, check) : Transformer.apply(s, insn, ctx);
                }
            }
            return s;
        }

        /// Whether an assertion of `insn` fails in `s` (recorded as a finding when `check`);
        /// loop-counter bounds are recorded but never cut the path.
        private boolean failed(int pc, Insn insn, EbpfState s, int b, boolean check) {
            if (s.isBottom()) {
                return false;
            }
            if (check && ctx.checkTermination() && heads.contains(b) && pc == cfg.block(b).firstPc()) {
                Checker.check(s, new Assertion.BoundedLoop(pc, ctx.loopLimit()), ctx, pc).ifPresent(findings::add);
            }
            List<Assertion> as = new ArrayList<>(AssertionExtractor.extract(insn, ctx.info()));
            if (insn instanceof Exit && returnRange.isPresent()) {
                as.add(new Assertion.ValidReturn(returnRange.get()[0], returnRange.get()[1]));
                as.add(new Assertion.NoRecordHeld());
            }
            for (Assertion a : as) {
                Optional<Finding> f = Checker.check(s, a, ctx, pc);
                if (f.isPresent()) {
                    if (check) {
                        findings.add(f.get());
                    }
                    return true;
                }
            }
            return false;
        }

        /// The checking pass over the stable invariants, in block order.
        void check() {
            for (BasicBlock block : cfg.blocks()) {
                int b = block.id();
                List<EbpfState> parts = inParts.get(b).isEmpty() ? List.of(in[b]) : inParts.get(b);
                List<EbpfState> lasts = new ArrayList<>();
                for (EbpfState p : parts) {
                    lasts.add(transfer(b, p, true));
                }
                for (Edge e : cfg.successors(b)) {
                    boolean live = false;
                    boolean reached = false;
                    for (EbpfState last : lasts) {
                        EbpfState f = flow(e, last);
                        if (e.to() != Cfg.EXIT && !f.leq(in[e.to()])) {
                            // Invariant: the iteration ends in a post-fixpoint; should it not, the
                            // invariants prove nothing, so this rejects rather than trusting them.
                            findings.add(new Finding(block.lastPc(), "Analysis did not converge", "edge to "
                                    + cfg.block(e.to()).firstPc(), true));
                        }
                        live |= !last.isBottom();
                        reached |= !f.isBottom();
                    }
                    if ((e.kind() == Edge.Kind.TAKEN || e.kind() == Edge.Kind.NOT_TAKEN) && live && !reached) {
                        Assume a = new Assume(lastJump(b), e.kind() == Edge.Kind.TAKEN);
                        findings.add(new Finding(block.lastPc(), "Code becomes unreachable", a.toString(), false));
                    }
                }
            }
        }

        EbpfState exitState() {
            EbpfState s = EbpfState.bottom();
            for (Edge e : cfg.edges()) {
                if (e.to() == Cfg.EXIT) {
                    s = s.join(along(e));
                }
            }
            return s;
        }

        /// The number of slots in the component headed by `head`.
        long componentSize(int head) {
            return componentOf(wto.elements(), head).map(this::slots).orElse(0L);
        }

        private Optional<Wto.Component> componentOf(List<Wto.Element> es, int head) {
            for (Wto.Element e : es) {
                if (e instanceof Wto.Component c) {
                    if (c.head() == head) {
                        return Optional.of(c);
                    }
                    Optional<Wto.Component> inner = componentOf(c.body(), head);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            }
            return Optional.empty();
        }

        private long slots(Wto.Element e) {
            return switch (e) {
                case Wto.Vertex(int b) -> cfg.block(b).pcs().size();
                case Wto.Component(int h, List<Wto.Element> body) ->
                        cfg.block(h).pcs().size() + body.stream().mapToLong(this::slots).sum();
            };
        }
    }
}
