package io.splitbpf.cli.verify;

import io.splitbpf.cli.Errors;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.core.json.Json;
import io.splitbpf.cli.output.OutputFormat;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.verifier.ProgramSelection;
import io.splitbpf.verifier.ReportLevel;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.VerifierOptions;
import io.splitbpf.verifier.report.ProgramReportRenderer;
import io.splitbpf.verifier.report.TextReportRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
/// - `verify --stats FILE...` (or `--stats --manifest CSV`): per-program time, allocated memory
///   and peak heap, and totals ([Stats]); `--cold` runs one JVM per object ([ColdStats]).
/// - `verify --manifest CSV`: our verdicts against PREVAIL's, a line per difference and the
///   closing `agreement:` line; exit 0 when there is no difference, 1 otherwise.
/// - `verify --cases FILE...`: verifier cases in PREVAIL's YAML format, a line per case that
///   differs and the closing `N matched, M differ`; exit 0 when none differs, 1 otherwise.
///
/// Programs whose section names no program type are verified as tc classifiers (`sched_cls`):
/// such sections are tc programs loaded by iproute2 or their tail-call targets (Cilium's `2/1`,
/// OVS's `tail-3`), and `sched_cls` is the `__sk_buff` type with the most helpers and writable
/// fields, as PREVAIL's default `__sk_buff` type is.
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

    @Option(names = "--stats", description = "Print each program's verification time, allocated memory and peak heap, "
            + "and totals (with --manifest: PREVAIL's times too).")
    boolean stats;

    @Option(names = "--cold", description = "With --stats: verify each object in a fresh JVM (as PREVAIL runs one process "
            + "per program) and report the JVMs' total wall time and largest RSS.")
    boolean cold;

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
    public Integer call() throws IOException, InterruptedException {
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
        if (cold && !stats || cold && warmup > 0) {
            throw new ParameterException(spec.commandLine(), "--cold needs --stats (and takes no --warmup)");
        }
        if (manifest != null) {
            if (!files.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--manifest takes no FILE");
            }
            return stats ? stats() : manifest();
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
            for (ProgramSpec p : ProgramSelection.select(object, Optional.ofNullable(program), Optional.ofNullable(section))) {
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
                json.add(ProgramReportRenderer.json(t.object().name(), t.program(), t.descriptor(), r, reportLevel));
                continue;
            }
            if (i > 0) {
                out.println();
            }
            out.print(ProgramReportRenderer.text(t.object().name(), t.program(), t.descriptor(), r, reportLevel));
        }
        if (output.format().isJson()) {
            out.println(Json.write(Map.of("programs", json), pretty()));
        }
        return rejected ? ExitCode.FAILED : ExitCode.OK;
    }

    private int stats() throws IOException, InterruptedException {
        Stats.Run run = cold ? coldStats() : warmStats();
        if (output.format().isJson()) {
            out().println(Stats.json(run, warmup, pretty()));
        } else {
            Stats.printText(out(), run, cold ? "each program's verification in a fresh JVM for its object (JIT cold, "
                    + String.join(" ", ColdStats.SHORT_RUN) + "); the JVMs' wall time is on the 'cold:' line" : "wall-clock time of each verification in this JVM"
                    + (warmup > 0 ? " after " + warmup + " warm-up rounds" : " (the first programs include JIT warm-up)"));
        }
        return !run.errors().isEmpty() ? ExitCode.BAD_INPUT
                : run.rows().stream().allMatch(Stats::accepted) ? ExitCode.OK : ExitCode.FAILED;
    }

    /// Reads every object (or the manifest's programs) first, then measures each program.
    private Stats.Run warmStats() throws IOException {
        long loadStart = System.nanoTime();
        List<String> errors = new ArrayList<>();
        // A list, not a map keyed by Target: a record's hash would walk every instruction of the object.
        List<Map.Entry<Target, OptionalDouble>> targets = new ArrayList<>();
        if (manifest != null) {
            Path folder = manifest.toAbsolutePath().getParent();
            Map<String, CollectionSpec> objects = new HashMap<>();
            for (Manifest.Row row : Manifest.read(manifest)) {
                try {
                    CollectionSpec object = objects.containsKey(row.file()) ? objects.get(row.file())
                            : ElfObjectReader.read(folder.resolve(row.file()));
                    objects.put(row.file(), object);
                    targets.add(Map.entry(Target.of(row.file(), object,
                            Manifest.program(object, row.section(), row.function())), row.prevailMillis()));
                } catch (IOException | RuntimeException e) {
                    errors.add(row.where() + ": " + Errors.oneLine(e));
                }
            }
        } else {
            for (Path f : files) {
                try {
                    CollectionSpec object = ElfObjectReader.read(f);
                    for (ProgramSpec p : ProgramSelection.select(object, Optional.ofNullable(program),
                            Optional.ofNullable(section))) {
                        try {
                            targets.add(Map.entry(Target.of(f.toString(), object, p), OptionalDouble.empty()));
                        } catch (IllegalArgumentException e) {
                            errors.add(Errors.oneLine(e));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    errors.add(f + ": " + Errors.oneLine(e));
                }
            }
        }
        long loadMicros = (System.nanoTime() - loadStart) / 1000;
        VerifierOptions options = VerifierOptions.defaults();
        for (int i = 0; i < warmup; i++) {
            targets.forEach(t -> t.getKey().verify(options));
        }
        List<Stats.Row> rows = new ArrayList<>();
        targets.forEach(t -> rows.add(Stats.measure(t.getKey(), options).withPrevail(t.getValue())));
        return new Stats.Run(rows, errors, loadMicros, Optional.empty());
    }

    /// One JVM per object (of the files, or of the manifest, whose times then join its rows).
    private Stats.Run coldStats() throws IOException, InterruptedException {
        if (manifest == null) {
            return ColdStats.run(files, program, section);
        }
        Path folder = manifest.toAbsolutePath().getParent();
        List<Manifest.Row> rows = Manifest.read(manifest);
        Map<String, String> nameOfPath = new LinkedHashMap<>();
        rows.forEach(r -> nameOfPath.put(folder.resolve(r.file()).toString(), r.file()));
        Stats.Run run = ColdStats.run(nameOfPath.keySet().stream().map(Path::of).toList(), null, null);
        // The manifest's programs only, and an error per row that has no result, as warmStats
        // gives: the child JVMs verify every program of their object and report an error per object.
        List<Stats.Row> named = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Manifest.Row m : rows) {
            String path = folder.resolve(m.file()).toString();
            Optional<Stats.Row> r = run.rows().stream().filter(x -> x.file().equals(path)
                    && x.section().equals(m.section())
                    && (x.program().equals(m.function()) || m.function().equals(m.section()))).findFirst();
            if (r.isPresent()) {
                Stats.Row x = r.get();
                named.add(new Stats.Row(m.file(), x.program(), x.section(), x.verdict(), x.instructions(), x.micros(),
                        x.allocatedBytes(), x.peakHeapBytes(), m.prevailMillis()));
            } else {
                errors.add(m.where() + ": " + unmeasured(Path.of(path), m, run.errors()));
            }
        }
        Optional<Stats.Cold> jvms = run.cold().map(c -> new Stats.Cold(c.jvms(), c.wallMicros(), c.maxRssKb(),
                nameOfPath.getOrDefault(c.maxRssFile(), c.maxRssFile())));
        return new Stats.Run(named, errors, 0, jvms);
    }

    /// Why a manifest row has no result from its object's JVM: the error reading the object or
    /// finding the program in it, as warmStats reports it, else what that JVM said of the object.
    private static String unmeasured(Path object, Manifest.Row row, List<String> childErrors) {
        try {
            Manifest.program(ElfObjectReader.read(object), row.section(), row.function());
        } catch (IOException | RuntimeException e) {
            return Errors.oneLine(e);
        }
        List<String> said = childErrors.stream().filter(e -> e.startsWith(object + ":")).toList();
        return said.isEmpty() ? "the JVM verifying its object reported no result for it" : String.join("; ", said);
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
            agreement.tableLines().forEach(out::println);
            out.println(agreement.closingLine());
        }
        return differ.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
}
