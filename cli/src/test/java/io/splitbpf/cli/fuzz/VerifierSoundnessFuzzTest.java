package io.splitbpf.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.cli.EbpfCommand;
import io.splitbpf.exec.fuzz.FuzzProgram;
import io.splitbpf.exec.runtime.Engines;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/// The verifier's soundness, differentially ([VerifierFuzzer]): 100,000 random XDP programs
/// with packet and map accesses, some of them unsafe, go through the verifier, and every one
/// it accepts runs in the checked interpreter on random packets and map contents without a
/// fault. The programs are small (up to [#STATEMENTS] statements in their main function) so
/// that the loop stays within a minute; `ebpf fuzz --verifier` runs larger ones for longer.
class VerifierSoundnessFuzzTest {
    private static final long PROGRAMS = 100_000;
    private static final long FIRST_SEED = 1;
    private static final int STATEMENTS = 4;
    private static final int THREADS = 2;
    /// The least share of programs the verifier must accept for the test to mean something.
    private static final double LEAST_ACCEPTED = 0.5;

    private static ExecutionEngine interpreter() {
        Assumptions.assumeTrue(Engines.available().stream().anyMatch(e -> e.name().equals("interpreter")),
                "the checked interpreter is only in debug builds (./mvnw -Pdebug)");
        return Engines.byName("interpreter");
    }

    /// What one thread found: its counts and the shrunk reproducers of its faults.
    private record Part(VerifierFuzzer.Counts counts, List<String> faults) {}

    @Test
    void acceptedProgramsNeverFault() throws Exception {
        interpreter();
        long start = System.nanoTime();
        List<Future<Part>> parts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                parts.add(pool.submit(() -> run(thread)));
            }
        }
        VerifierFuzzer.Counts counts = new VerifierFuzzer.Counts();
        List<String> faults = new ArrayList<>();
        for (Future<Part> p : parts) {
            counts.add(p.get().counts());
            faults.addAll(p.get().faults());
        }
        System.out.printf("verifier soundness: seeds %d to %d, %s, in %d ms%n", FIRST_SEED, FIRST_SEED + PROGRAMS - 1,
                counts, (System.nanoTime() - start) / 1_000_000);
        assertEquals(PROGRAMS, counts.generated());
        assertEquals(List.of(), faults, "accepted programs that fault");
        assertTrue(counts.accepted() >= LEAST_ACCEPTED * PROGRAMS, counts.toString());
    }

    /// Seeds `FIRST_SEED + thread`, then every [#THREADS]th.
    private static Part run(int thread) {
        VerifierFuzzer.Counts counts = new VerifierFuzzer.Counts();
        List<String> faults = new ArrayList<>();
        try (VerifierFuzzer fuzzer = new VerifierFuzzer(Engines.byName("interpreter"), STATEMENTS)) {
            for (long seed = FIRST_SEED + thread; seed < FIRST_SEED + PROGRAMS; seed += THREADS) {
                VerifierFuzzer.Result r = fuzzer.check(seed);
                counts.add(r);
                r.fault().ifPresent(f -> faults.add(VerifierFuzzer.describe(fuzzer.shrink(f))));
            }
        }
        return new Part(counts, faults);
    }

    /// The loop above means something only if the generator makes unsafe programs: some of
    /// them fault when nothing verifies them, and the verifier refuses every one of those.
    @Test
    void programsThatFaultUnverifiedAreRejected() {
        int programs = 3_000;
        int faulting = 0;
        try (VerifierFuzzer fuzzer = new VerifierFuzzer(interpreter(), STATEMENTS)) {
            for (long seed = 1; seed <= programs; seed++) {
                FuzzProgram p = fuzzer.generator().generate(seed);
                if (fuzzer.runUnverified(p).isPresent()) {
                    faulting++;
                    assertEquals(VerifierFuzzer.Kind.REJECTED, fuzzer.check(p).kind(), "seed " + seed);
                }
            }
        }
        System.out.printf("%d of %d programs fault when run unverified%n", faulting, programs);
        assertTrue(faulting >= programs / 100, faulting + " of " + programs + " fault");
    }

    /// `ebpf fuzz --verifier` prints the seed, then the counts, and exits 0 without faults.
    @Test
    void command() {
        interpreter();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EbpfCommand.run(new PrintWriter(out), new PrintWriter(err), "fuzz", "--verifier", "--count", "300",
                "--seed", "7", "--statements", "4", "--progress", "100");
        List<String> lines = out.toString().lines().toList();
        assertEquals(0, code, out + "" + err);
        assertEquals("seed 7, 300 programs of up to 4 statements, verifier against the checked interpreter on 4 inputs "
                + "each", lines.getFirst());
        assertTrue(lines.get(1).matches("100 generated, \\d+ accepted \\(\\d+\\.\\d%\\), \\d+ rejected, 0 refused by "
                + "the host, 0 faults so far"), lines.get(1));
        assertTrue(lines.getLast().matches("300 generated, \\d+ accepted \\(\\d+\\.\\d%\\), \\d+ rejected, 0 refused by "
                + "the host, 0 faults"), lines.getLast());
    }
}
