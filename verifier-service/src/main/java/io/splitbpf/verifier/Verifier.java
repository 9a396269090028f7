package io.splitbpf.verifier;

import io.splitbpf.core.artifact.Sha256;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.SourceLoc;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.assertion.ProgramInfo;
import io.splitbpf.verifier.cfg.CfgBuilder;
import io.splitbpf.verifier.cfg.ProgramCfg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.fixpoint.FixpointIterator;
import io.splitbpf.verifier.fixpoint.InvariantTable;
import io.splitbpf.verifier.fixpoint.WideningPolicy;
import io.splitbpf.verifier.report.Finding;
import io.splitbpf.verifier.semantics.AnalysisContext;
import io.splitbpf.verifier.semantics.EntryState;
import io.splitbpf.verifier.semantics.Transformer;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// Proves eBPF programs safe, or says why it cannot: builds the CFG, runs the fixpoint over
/// the product domain, checks every assertion and returns a [VerificationReport]. Stateless
/// and deterministic (apart from the `millis` statistic).
public final class Verifier {
    /// The version written into reports.
    public static final String VERSION = "0.1.0";
    /// The byte order of the memory programs run in: the execution host's tenant memory is
    /// little endian, whatever the byte order of the object a program came from.
    private static final ByteOrder EXECUTION_BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    private static final com.sun.management.ThreadMXBean THREADS =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled() ? t : null;

    private Verifier() {}

    /// Verifies one program of a collection, with the descriptor of its program type.
    ///
    /// @throws IllegalArgumentException when no descriptor describes the program's type
    public static VerificationReport verify(CollectionSpec collection, ProgramSpec program, VerifierOptions options) {
        ProgramTypeDescriptor d = ProgramTypeDescriptor.of(program.type(), program.attachType()).orElseThrow(
                () -> new IllegalArgumentException("no descriptor for program type " + program.type()));
        return verify(program.insns(), collection.maps(), d, options);
    }

    /// Verifies `program`, whose map references index `maps`.
    public static VerificationReport verify(ProgramSpec program, List<MapSpec> maps, ProgramTypeDescriptor descriptor,
                                            VerifierOptions options) {
        return verify(program.insns(), maps, descriptor, options);
    }

    /// Verifies an instruction sequence that references no maps.
    public static VerificationReport verify(InsnSeq insns, ProgramTypeDescriptor descriptor, VerifierOptions options) {
        return verify(insns, List.of(), descriptor, options);
    }

    /// Verifies an instruction sequence whose map references index `maps`.
    public static VerificationReport verify(InsnSeq insns, List<MapSpec> maps, ProgramTypeDescriptor descriptor,
                                            VerifierOptions options) {
        return run(insns, maps, descriptor, options, AnalysisBudget.unlimited()).report();
    }

    /// Verifies `program`, whose map references index `maps`, within `budget`, and reads the
    /// facts an accepted program's invariants prove ([ProvenFact]).
    ///
    /// @throws AnalysisLimitException when the budget runs out first
    public static Verification prove(ProgramSpec program, List<MapSpec> maps, ProgramTypeDescriptor descriptor,
                                     VerifierOptions options, AnalysisBudget budget) {
        Run run = run(program.insns(), maps, descriptor, options, budget);
        VerificationReport report = run.report();
        List<ProvenFact> facts = report.verdict() == Verdict.ACCEPTED
                ? run.invariants().map(i -> FactExtractor.extract(program.insns(), i, report.exitRange())).orElse(List.of())
                : List.of();
        return new Verification(report, facts);
    }

    /// A report, and the invariants it was made from (none when the CFG did not build).
    private record Run(VerificationReport report, Optional<InvariantTable> invariants) {}

    private static Run run(InsnSeq insns, List<MapSpec> maps, ProgramTypeDescriptor descriptor, VerifierOptions options,
                           AnalysisBudget budget) {
        long start = System.nanoTime();
        long allocatedAtStart = allocatedBytes();
        AnalysisContext ctx = context(maps, descriptor, options);
        ProgramCfg cfg = CfgBuilder.build(insns, false);
        List<Finding> findings = new ArrayList<>(cfg.findings());
        if (cfg.hasErrors()) {
            return new Run(report(insns, options, findings, Optional.empty(), new VerificationStats(insns.slotCount(), 0, 0,
                    -1, millisSince(start), allocatedSince(allocatedAtStart)), Map.of(), Map.of()), Optional.empty());
        }
        FixpointIterator.Result r = FixpointIterator.analyze(cfg, EntryState.of(ctx), ctx, WideningPolicy.DEFAULT,
                Optional.of(new long[] {descriptor.returnLow(), descriptor.returnHigh()}), budget);
        findings.addAll(r.findings());
        if (options.checkTermination() && r.instructionBound() > options.maxInstructions()) {
            findings.add(new Finding(-1, "Instruction limit exceeded",
                    r.instructionBound() + " > " + options.maxInstructions(), true));
        }
        EbpfState exit = r.invariants().exit();
        Interval r0 = exit.isBottom() ? Interval.bottom() : exit.scalar(Reg.R0).svalue();
        Optional<ValueRange> exitRange = r0.isBottom() ? Optional.empty()
                : Optional.of(new ValueRange(r0.lo().value(), r0.hi().value()));
        Map<Integer, String> invariants = new TreeMap<>();
        Map<Integer, String> posts = new TreeMap<>();
        if (options.level() == ReportLevel.FULL) {
            r.invariants().pre().forEach((pc, s) -> invariants.put(pc, s.toString()));
        }
        if (options.level() != ReportLevel.SUMMARY) {
            for (Finding f : findings) {
                EbpfState pre = f.error() ? r.invariants().pre().get(f.pc()) : null;
                if (pre != null) {
                    invariants.put(f.pc(), pre.toString());
                    posts.put(f.pc(), Transformer.apply(pre, insns.at(f.pc()).insn(), ctx).toString());
                }
            }
        }
        VerificationStats stats = new VerificationStats(insns.slotCount(), r.iterations(), r.maxLoopCount(),
                r.instructionBound(), millisSince(start), allocatedSince(allocatedAtStart));
        return new Run(report(insns, options, findings, exitRange, stats, invariants, posts), Optional.of(r.invariants()));
    }

    /// The analysis context for a program type and options.
    static AnalysisContext context(List<MapSpec> maps, ProgramTypeDescriptor descriptor, VerifierOptions options) {
        return new AnalysisContext(new ProgramInfo(descriptor, maps.size()), AnalysisContext.shapesOf(maps),
                options.totalStackSize(), options.frameSize(), options.maxPacketSize(), options.allowDivisionByZero(),
                options.checkTermination(), options.loopLimit(), EXECUTION_BYTE_ORDER);
    }

    private static VerificationReport report(InsnSeq insns, VerifierOptions options, List<Finding> findings,
                                             Optional<ValueRange> exitRange, VerificationStats stats,
                                             Map<Integer, String> invariants, Map<Integer, String> posts) {
        TreeMap<Integer, SourceLoc> lines = new TreeMap<>();
        for (LabeledInsn li : insns.insns()) {
            li.loc().ifPresent(loc -> lines.put(li.pc(), loc));
        }
        List<Finding> sorted = findings.stream().sorted().distinct().map(f -> {
            Map.Entry<Integer, SourceLoc> line = f.pc() < 0 ? null : lines.floorEntry(f.pc());
            return line == null ? f : f.withSource(line.getValue());
        }).toList();
        boolean rejected = sorted.stream().anyMatch(Finding::error);
        return new VerificationReport(rejected ? Verdict.REJECTED : Verdict.ACCEPTED, digest(insns), VERSION, options,
                sorted, rejected ? Optional.empty() : exitRange, stats, new TreeMap<>(invariants), new TreeMap<>(posts));
    }

    /// The bytes this thread has allocated so far, or -1 where the JVM cannot tell.
    private static long allocatedBytes() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static long allocatedSince(long start) {
        return start < 0 ? -1 : allocatedBytes() - start;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    // Sha256, not MessageDigest: a one-shot `ebpf verify` would spend longer starting the JDK's
    // security providers than verifying a small program (see Sha256).
    private static String digest(InsnSeq insns) {
        return HexFormat.of().formatHex(Sha256.digest(insns.toBytes()));
    }
}
