package io.splitbpf.cli.fuzz;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.exec.fuzz.DifferentialRunner;
import io.splitbpf.exec.fuzz.ProgramGenerator;
import io.splitbpf.exec.runtime.Engines;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/// `ebpf fuzz --engines A,B --count N --seed S`: differential fuzzing. Runs N random,
/// well-formed, terminating programs (seeds S, S+1, …) in two engines, prints a shrunk
/// reproducer for each disagreement, then "N programs, M mismatches".
@Command(name = "fuzz",
        description = {"Run random programs in two engines and compare r0, stack, input buffer and errors.",
                "Program i is generated from seed S+i; each mismatch is printed as a shrunk listing.",
                "Ends with 'N programs, M mismatches' (exit 0 when M is 0, else 1)."},
        mixinStandardHelpOptions = true)
public final class FuzzCommand implements Callable<Integer> {
    @Option(names = "--engines", split = ",", defaultValue = "interpreter,jit", paramLabel = "A,B",
            description = "The two engines to compare; the first is the reference. Default: ${DEFAULT-VALUE}.")
    List<String> engines;

    @Option(names = "--count", defaultValue = "10000", paramLabel = "N",
            description = "How many programs to run. Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(names = "--seed", paramLabel = "S", description = "The first seed. Default: the current time.")
    Long seed;

    @Option(names = "--progress", defaultValue = "10000", paramLabel = "N",
            description = "Print a progress line every N programs (0: never). Default: ${DEFAULT-VALUE}.")
    long progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (engines.size() != 2) {
            throw new ParameterException(spec.commandLine(), "--engines takes two engines, got " + engines.size());
        }
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must not be negative");
        }
        long first = seed != null ? seed : System.currentTimeMillis();
        out.println("seed " + first + ", " + count + " programs, engines " + String.join(" and ", engines));
        out.flush();
        ProgramGenerator generator = new ProgramGenerator();
        long mismatches = 0;
        try (DifferentialRunner runner = new DifferentialRunner(Engines.byName(engines.get(0)),
                Engines.byName(engines.get(1)))) {
            for (long i = 0; i < count; i++) {
                Optional<DifferentialRunner.Mismatch> m = runner.check(generator.generate(first + i));
                if (m.isPresent()) {
                    mismatches++;
                    out.print(runner.describe(runner.shrink(m.get())));
                    out.flush();
                }
                if (progress > 0 && (i + 1) % progress == 0 && i + 1 < count) {
                    out.println((i + 1) + " programs, " + mismatches + " mismatches so far");
                    out.flush();
                }
            }
        }
        out.println(count + " programs, " + mismatches + " mismatches");
        return mismatches == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}
