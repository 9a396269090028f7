package io.splitbpf.cli.verify;

import io.splitbpf.cli.Errors;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.core.json.Json;
import io.splitbpf.cli.output.OutputFormat;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.verifier.ReportLevel;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.VerifierOptions;
import io.splitbpf.verifier.report.JsonReportRenderer;
import io.splitbpf.verifier.report.TextReportRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf verify`: proves the programs of objects safe, or says why not.
///
/// - `verify FILE... [--program NAME] [--section S] [--level L] [-j|-p]`: a report per
///   program; exit 0 when every selected program is accepted, 1 when any is rejected, 2 on
///   bad input (an unreadable object, an unknown program or section, a program type the
///   verifier has no descriptor for).
/// - `verify --stats FILE...`: per-program time and allocated memory, and a total line.
/// - `verify --manifest CSV`: our verdicts against PREVAIL's, a line per difference and the
///   closing `agreement:` line; exit 0 when there is no difference, 1 otherwise.
/// - `verify --cases FILE...`: verifier cases in PREVAIL's YAML format, a line per case that
///   differs and the closing `N matched, M differ`; exit 0 when none differs, 1 otherwise.
///
/// Programs whose section names no program type are verified as socket filters, as PREVAIL does.
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify the programs of object files: exit 0 when all are proved safe, 1 when any is "
                + "rejected, 2 on bad input.")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "The object files.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--program", paramLabel = "NAME", description = "Only the program called NAME.")
    String program;

    @Option(names = "--section", paramLabel = "S", description = "Only the programs of section S.")
    String section;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "normal",
            description = "normal (the first error and a count), informational (+ the states before and after each "
                    + "failing instruction) or verbose (+ the state at every instruction); default ${DEFAULT-VALUE}.")
    String level;

    @Option(names = "--stats", description = "Print each program's verification time and allocated memory, and a total.")
    boolean stats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "With --stats: verify every program N times before measuring (a warm JVM).")
    int warmup;

    @Option(names = "--manifest", paramLabel = "CSV",
            description = "Compare with PREVAIL's verdicts in a corpus manifest (file paths relative to its folder).")
    Path manifest;

    @Option(names = "--cases", description = "The FILEs are verifier cases in PREVAIL's YAML format: run them and "
            + "print each case that differs, then 'N matched, M differ'.")
    boolean cases;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ReportLevel reportLevel = ReportLevel.ofDisplayName(level).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "invalid value for --level: '" + level
                + "' (expected normal, informational or verbose)"));
        if (cases) {
            if (manifest != null || stats || program != null || section != null) {
                throw new ParameterException(spec.commandLine(),
                        "--cases takes FILEs only (no --manifest, --stats, --program or --section)");
            }
            if (files.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--cases needs at least one FILE");
            }
            return cases();
        }
        if (manifest != null) {
            if (!files.isEmpty() || stats) {
                throw new ParameterException(spec.commandLine(), "--manifest takes no FILE and no --stats");
            }
            return manifest();
        }
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "missing FILE (or --manifest CSV)");
        }
        if (warmup < 0 || warmup > 0 && !stats) {
            throw new ParameterException(spec.commandLine(), "--warmup needs --stats and a count of 0 or more");
        }
        return stats ? stats() : verify(reportLevel);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private boolean pretty() {
        return output.format() == OutputFormat.PRETTY_JSON;
    }

    /// Reads every object and selects its programs before verifying anything, so that bad
    /// input is reported alone.
    private List<Target> targets() throws IOException {
        List<Target> targets = new ArrayList<>();
        for (Path f : files) {
            CollectionSpec object = ElfObjectReader.read(f);
            for (ProgramSpec p : Target.select(object, program, section)) {
                targets.add(Target.of(f.toString(), object, p));
            }
        }
        return targets;
    }

    private int verify(ReportLevel reportLevel) throws IOException {
        List<Target> targets = targets();
        VerifierOptions options = VerifierOptions.defaults().withLevel(reportLevel);
        boolean rejected = false;
        List<Object> json = new ArrayList<>();
        PrintWriter out = out();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            VerificationReport r = t.verify(options);
            rejected |= r.verdict() == Verdict.REJECTED;
            if (output.format().isJson()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("object", t.object().name());
                j.put("program", t.program().name());
                j.put("section", t.program().sectionName());
                j.put("type", t.program().type().bpftoolName());
                j.put("verifiedAs", t.descriptor().name());
                j.put("report", JsonReportRenderer.toJson(r, reportLevel));
                json.add(j);
                continue;
            }
            if (i > 0) {
                out.println();
            }
            out.printf("%s: %s  section %s  type %s%n", t.object().name(), t.program().name(),
                    t.program().sectionName(), t.typeText());
            TextReportRenderer.render(r, reportLevel).lines().forEach(l -> out.println("  " + l));
        }
        if (output.format().isJson()) {
            out.println(Json.write(Map.of("programs", json), pretty()));
        }
        return rejected ? ExitCode.FAILED : ExitCode.OK;
    }

    private record Measured(Target target, VerificationReport report, long nanos) {}

    private int stats() {
        PrintWriter out = out();
        long loadStart = System.nanoTime();
        List<Target> targets = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path f : files) {
            try {
                CollectionSpec object = ElfObjectReader.read(f);
                for (ProgramSpec p : Target.select(object, program, section)) {
                    try {
                        targets.add(Target.of(f.toString(), object, p));
                    } catch (IllegalArgumentException e) {
                        errors.add(Errors.oneLine(e));
                    }
                }
            } catch (IOException | RuntimeException e) {
                errors.add(f + ": " + Errors.oneLine(e));
            }
        }
        long loadNanos = System.nanoTime() - loadStart;
        VerifierOptions options = VerifierOptions.defaults();
        for (int i = 0; i < warmup; i++) {
            targets.forEach(t -> t.verify(options));
        }
        List<Measured> measured = new ArrayList<>();
        for (Target t : targets) {
            long start = System.nanoTime();
            VerificationReport r = t.verify(options);
            measured.add(new Measured(t, r, System.nanoTime() - start));
        }
        long verifyNanos = measured.stream().mapToLong(Measured::nanos).sum();
        long allocated = measured.stream().mapToLong(m -> Math.max(0, m.report().stats().allocatedBytes())).sum();
        Measured largest = measured.stream().max((a, b) -> Long.compare(a.report().stats().allocatedBytes(),
                b.report().stats().allocatedBytes())).orElse(null);
        long accepted = measured.stream().filter(m -> m.report().verdict() == Verdict.ACCEPTED).count();
        long rejected = measured.size() - accepted;
        long heapPeak = heapPeakBytes();
        if (output.format().isJson()) {
            List<Object> rows = new ArrayList<>();
            for (Measured m : measured) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("file", m.target().file());
                j.put("program", m.target().program().name());
                j.put("section", m.target().program().sectionName());
                j.put("verdict", TextReportRenderer.verdictName(m.report().verdict()));
                j.put("instructions", m.report().stats().instructions());
                j.put("micros", m.nanos() / 1000);
                j.put("allocatedBytes", m.report().stats().allocatedBytes());
                rows.add(j);
            }
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("programs", measured.size());
            total.put("accepted", accepted);
            total.put("rejected", rejected);
            total.put("errors", errors.size());
            total.put("verifyMicros", verifyNanos / 1000);
            total.put("loadMicros", loadNanos / 1000);
            total.put("allocatedBytes", allocated);
            total.put("heapPeakBytes", heapPeak);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("memory", "bytes allocated by the verifying thread (ThreadMXBean)");
            o.put("warmup", warmup);
            o.put("programs", rows);
            o.put("errors", errors);
            o.put("total", total);
            out.println(Json.write(o, pretty()));
        } else {
            out.println("# time: wall-clock time of each verification in this JVM" + (warmup > 0
                    ? " after " + warmup + " warm-up rounds" : " (cold: the first programs include JIT warm-up)"));
            out.println("# memory: bytes the verifying thread allocated (ThreadMXBean), an upper bound on the heap a "
                    + "program needed");
            out.printf("%-40s %-32s %-8s %6s %10s %10s%n", "file", "program", "verdict", "insns", "ms", "alloc KB");
            for (Measured m : measured) {
                out.printf("%-40s %-32s %-8s %6d %10s %10d%n", m.target().file(), m.target().program().name(),
                        TextReportRenderer.verdictName(m.report().verdict()), m.report().stats().instructions(),
                        millis(m.nanos()), (m.report().stats().allocatedBytes() + 1023) / 1024);
            }
            errors.forEach(e -> out.println("error: " + e));
            out.printf("total: %d programs (%d accepted, %d rejected), %d errors; verify %s ms, loading the objects %s ms; "
                            + "allocated %d MB%s; JVM heap peak %d MB%n",
                    measured.size(), accepted, rejected, errors.size(), millis(verifyNanos), millis(loadNanos),
                    allocated >> 20, largest == null ? "" : ", most " + (largest.report().stats().allocatedBytes() >> 20)
                            + " MB (" + largest.target().file() + " " + largest.target().program().name() + ")",
                    heapPeak >> 20);
        }
        return !errors.isEmpty() ? ExitCode.BAD_INPUT : rejected > 0 ? ExitCode.FAILED : ExitCode.OK;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /// The sum of the heap pools' peak usage since the JVM started.
    private static long heapPeakBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage() == null ? 0 : p.getPeakUsage().getUsed()).sum();
    }

    private int cases() throws IOException {
        CaseFiles run = CaseFiles.run(files);
        if (output.format().isJson()) {
            run.printJson(out(), pretty());
        } else {
            run.printText(out());
        }
        return run.differing() == 0 ? ExitCode.OK : ExitCode.FAILED;
    }

    private int manifest() throws IOException {
        List<Manifest.Row> rows = Manifest.read(manifest);
        Path folder = manifest.toAbsolutePath().getParent();
        List<Manifest.Result> results = Manifest.run(folder, rows, VerifierOptions.defaults());
        Manifest.Agreement agreement = Manifest.Agreement.of(results);
        List<Manifest.Result> differ = results.stream().filter(r -> !r.same()).toList();
        PrintWriter out = out();
        if (output.format().isJson()) {
            List<Object> diffs = new ArrayList<>();
            for (Manifest.Result r : differ) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("file", r.row().file());
                j.put("section", r.row().section());
                j.put("function", r.row().function());
                j.put("ours", r.ours().ourName());
                j.put("detail", r.detail());
                j.put("prevail", r.row().prevail().prevailName());
                j.put("prevailFirstError", r.row().prevailFirstError());
                diffs.add(j);
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("same", agreement.same());
            a.put("acceptedWherePrevailRejected", agreement.acceptedWherePrevailRejected());
            a.put("rejectedWherePrevailAccepted", agreement.rejectedWherePrevailAccepted());
            a.put("loadErrors", agreement.loadErrors());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("programs", results.size());
            o.put("differences", diffs);
            o.put("agreement", a);
            out.println(Json.write(o, pretty()));
        } else {
            differ.forEach(r -> out.println(r.differenceLine()));
            out.printf("%-12s %10s %10s %10s%n", "ours\\PREVAIL", "PASS", "FAIL", "LOAD_ERROR");
            for (Manifest.Outcome o : Manifest.Outcome.values()) {
                long[] row = agreement.table()[o.ordinal()];
                out.printf("%-12s %10d %10d %10d%n", o.ourName(), row[0], row[1], row[2]);
            }
            out.println(agreement.closingLine());
        }
        return differ.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
}
