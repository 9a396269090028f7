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
///
/// `ebpf fuzz --verifier --count N --seed S`: the verifier's soundness ([VerifierFuzzer]).
/// Random XDP programs with packet and map accesses, some unsafe, go through the verifier;
/// each accepted one runs in the checked interpreter on random inputs, and one that faults is
/// printed shrunk, with the input. Ends with the counts.
@Command(name = "fuzz",
        description = {"Run random programs in two engines and compare r0, stack, input buffer and errors.",
                "Program i is generated from seed S+i; each mismatch is printed as a shrunk listing.",
                "Ends with 'N programs, M mismatches' (exit 0 when M is 0, else 1).",
                "With --verifier: verify random XDP programs that access the packet and maps (some unsafely)",
                "and run each accepted one in the checked interpreter on random inputs; an accepted program",
                "that faults is printed shrunk. Ends with 'N generated, A accepted (P%), R rejected,",
                "H refused by the host, F faults' (exit 0 when F is 0, else 1)."},
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

    @Option(names = "--verifier", description = "Test the verifier's soundness against the checked interpreter.")
    boolean verifier;

    @Option(names = "--statements", defaultValue = "24", paramLabel = "N",
            description = "With --verifier: the most statements of a program's main function. Default: ${DEFAULT-VALUE}.")
    int statements;

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
        if (verifier) {
            if (statements < 1) {
                throw new ParameterException(spec.commandLine(), "--statements must be at least 1");
            }
            return verifierFuzz(out, first);
        }
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

    private int verifierFuzz(PrintWriter out, long first) {
        out.println("seed " + first + ", " + count + " programs of up to " + statements + " statements, verifier "
                + "against the checked interpreter on " + VerifierFuzzer.INPUTS + " inputs each");
        out.flush();
        VerifierFuzzer.Counts counts = new VerifierFuzzer.Counts();
        try (VerifierFuzzer fuzzer = new VerifierFuzzer(Engines.byName("interpreter"), statements)) {
            for (long i = 0; i < count; i++) {
                VerifierFuzzer.Result r = fuzzer.check(first + i);
                counts.add(r);
                if (r.fault().isPresent()) {
                    out.print(VerifierFuzzer.describe(fuzzer.shrink(r.fault().get())));
                    out.flush();
                }
                if (progress > 0 && (i + 1) % progress == 0 && i + 1 < count) {
                    out.println(counts + " so far");
                    out.flush();
                }
            }
        }
        out.println(counts);
        return counts.faults() == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}
