package io.splitbpf.cli.conformance;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.core.json.Json;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.exec.conformance.CaseResult;
import io.splitbpf.exec.conformance.ConformanceRunner;
import io.splitbpf.exec.runtime.Engines;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/// `ebpf conformance [--engine E] FILE|DIR...`: runs conformance test vectors (`.data` files of
/// bpf_conformance and uBPF) and prints a line per failure and per skip, then
/// "N passed, N failed, N skipped".
@Command(name = "conformance",
        description = {"Run conformance test vectors (.data files) through an execution engine.",
                "Prints a line per failed or skipped file, then 'N passed, N failed, N skipped'.",
                "Folders are read at their top level, as the bpf_conformance runner reads them (-r: all levels)."},
        mixinStandardHelpOptions = true)
public final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--engine", defaultValue = "jit", paramLabel = "ENGINE",
            description = "The engine to run: jit, or interpreter (debug builds). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = {"-r", "--recursive"}, description = "Read folders at every level.")
    boolean recursive;

    @Option(names = {"-v", "--verbose"}, description = "Print a line for passed files too.")
    boolean verbose;

    @Option(names = "--max-insns", defaultValue = "100000000", paramLabel = "N",
            description = "Stop an interpreter run after N instructions (0: no limit). Default: ${DEFAULT-VALUE}.")
    long maxInsns;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = ".data files or folders of them.")
    List<Path> paths;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("error: " + p + ": no such file or folder");
                return ExitCode.BAD_INPUT;
            }
        }
        ExecutionEngine e = Engines.byName(engine);
        ConformanceRunner runner = new ConformanceRunner(e, maxInsns);
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<Object> cases = new ArrayList<>();
        for (Path file : ConformanceRunner.expand(paths, recursive)) {
            CaseResult r = runner.run(file);
            switch (r.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
            if (output.format().isJson()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("file", file.toString());
                j.put("status", r.status().name().toLowerCase());
                j.put("detail", r.detail());
                cases.add(j);
            } else if (r.status() != CaseResult.Status.PASSED || verbose) {
                out.println(switch (r.status()) {
                    case PASSED -> "PASS ";
                    case FAILED -> "FAIL ";
                    case SKIPPED -> "SKIP ";
                } + file + ": " + r.detail());
                out.flush();
            }
        }
        if (output.format().isJson()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("engine", e.name());
            j.put("passed", passed);
            j.put("failed", failed);
            j.put("skipped", skipped);
            j.put("cases", cases);
            out.println(Json.write(j, output.format() == io.splitbpf.cli.output.OutputFormat.PRETTY_JSON));
        } else {
            out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        }
        return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}
