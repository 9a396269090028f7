package io.splitbpf.cli.bench;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.core.json.Json;
import io.splitbpf.cli.output.OutputFormat;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.conformance.DataFile;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.bench.Bencher;
import io.splitbpf.exec.conformance.ConformanceHelpers;
import io.splitbpf.exec.runtime.Engines;
import io.splitbpf.exec.runtime.ExecutionException;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/// `ebpf bench [--engine E] FILE.data...`: times programs of `.data` files (input buffer in
/// `-- mem`, r1 = its address, r2 = its length). Each program's r0 is first checked against
/// `-- result`; then it is warmed up and timed in rounds of many runs. Prints per program the
/// median and the minimum time per run over the rounds.
@Command(name = "bench",
        description = {"Time programs of .data files in an execution engine.",
                "Each program must return its '-- result'; it is then warmed up and run in rounds,",
                "and the median and minimum time per run over the rounds are printed, one line per file."},
        mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--engine", defaultValue = "jit", paramLabel = "ENGINE",
            description = "jit, or interpreter (debug builds). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--rounds", defaultValue = "6", paramLabel = "R",
            description = "Timed rounds per program. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--warmup-ms", defaultValue = "1000", paramLabel = "W",
            description = "Warm-up time per program, in ms. Default: ${DEFAULT-VALUE}.")
    long warmupMs;

    @Option(names = "--round-ms", defaultValue = "250", paramLabel = "T",
            description = "Approximate length of one round, in ms. Default: ${DEFAULT-VALUE}.")
    long roundMs;

    @Option(names = "--megamorphic",
            description = {"Call JIT-compiled code through a call site that has seen other programs too, as a hook",
                    "dispatching many programs does: no inlining into the caller, a real call per run."})
    boolean megamorphic;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".data files with a '-- result'.")
    List<Path> files;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (rounds < 1 || warmupMs < 0 || roundMs < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds and --round-ms must be positive, --warmup-ms not negative");
        }
        for (Path p : files) {
            if (!Files.isRegularFile(p)) {
                err.println("error: " + p + ": no such file");
                return ExitCode.BAD_INPUT;
            }
        }
        ExecutionEngine e = Engines.byName(engine);
        boolean json = output.format().isJson();
        int width = files.stream().mapToInt(p -> p.getFileName().toString().length()).max().orElse(0);
        List<Object> results = new ArrayList<>();
        int failed = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            DataFile data = DataFile.read(file);
            if (data.result().isEmpty()) {
                err.println("error: " + file + ": no '-- result' to check the program against");
                return ExitCode.BAD_INPUT;
            }
            long expected = data.result().get();
            InsnSeq program = InsnCodec.decode(data.program());
            Bencher.Measurement m;
            try (Bencher bencher = Bencher.of(e, program, ConformanceHelpers.table(), data.mem().orElse(null))) {
                m = bencher.measure(expected, warmupMs * 1_000_000, rounds, roundMs * 1_000_000, megamorphic);
            } catch (IllegalStateException | ExecutionException ex) {
                err.println("error: " + file + ": " + ex.getMessage());
                err.flush();
                failed++;
                continue;
            }
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("file", file.toString());
                j.put("result", "0x" + Long.toHexString(expected));
                j.put("runsPerRound", m.runsPerRound());
                j.put("medianNs", round(m.median()));
                j.put("minNs", round(m.min()));
                j.put("roundsNs", Arrays.stream(m.nanosPerRun()).mapToObj(BenchCommand::round).toList());
                results.add(j);
            } else {
                out.println(String.format(Locale.ROOT, "%-" + width + "s  median %11s  min %11s  (%d rounds of %d runs)",
                        name, time(m.median()), time(m.min()), m.rounds(), m.runsPerRound()));
                out.flush();
            }
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("engine", e.name());
            j.put("rounds", rounds);
            j.put("megamorphic", megamorphic);
            j.put("programs", results);
            out.println(Json.write(j, output.format() == OutputFormat.PRETTY_JSON));
        }
        return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
    }

    /// ns with two decimals below 100 ns, whole ns below 0.1 ms, else ms with three decimals.
    static String time(double ns) {
        if (ns >= 100_000) {
            return String.format(Locale.ROOT, "%.3f ms", ns / 1_000_000);
        }
        return ns >= 100 ? String.format(Locale.ROOT, "%.0f ns", ns) : String.format(Locale.ROOT, "%.2f ns", ns);
    }

    private static double round(double ns) {
        return Math.round(ns * 100) / 100.0;
    }
}
