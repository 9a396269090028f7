package io.splitbpf.cli.fuzz;

import io.splitbpf.core.asm.Disassembler;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.exec.fuzz.FuzzProgram;
import io.splitbpf.exec.fuzz.XdpInput;
import io.splitbpf.exec.fuzz.XdpProgramGenerator;
import io.splitbpf.exec.fuzz.XdpRunner;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.Verifier;
import io.splitbpf.verifier.VerifierOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/// Tests the verifier's soundness differentially: random XDP programs that access the packet
/// and map values ([XdpProgramGenerator], some of them unsafe) go through the verifier, and
/// every program it accepts runs in the checked interpreter ([XdpRunner]) on [#INPUTS] random
/// inputs (packets of random lengths and bytes, random map contents). An accepted program
/// that faults is a verifier bug; [#shrink] makes it small and [#describe] prints it.
/// Not thread-safe: one fuzzer owns one runner.
public final class VerifierFuzzer implements AutoCloseable {
    /// The inputs every accepted program runs on.
    public static final int INPUTS = 4;

    /// What checking one program gave.
    public enum Kind {
        /// The verifier refused it.
        REJECTED,
        /// The verifier accepted it and it ran on every input without a fault.
        ACCEPTED,
        /// The verifier accepted it but the host refused to load it (not a memory fault).
        HOST_REFUSED,
        /// The verifier accepted it and it faulted: unsound.
        FAULT
    }

    /// An accepted program that faulted on `input`.
    ///
    /// @param program the program
    /// @param input the input it faulted on
    /// @param fault what the interpreter said
    public record Fault(FuzzProgram program, XdpInput input, XdpRunner.Outcome.Faulted fault) {}

    /// The result of one program.
    ///
    /// @param kind what happened
    /// @param fault the fault, for [Kind#FAULT]
    /// @param refusal the host's message, for [Kind#HOST_REFUSED]
    public record Result(Kind kind, Optional<Fault> fault, String refusal) {}

    /// How many programs gave each [Kind]. Not thread-safe.
    public static final class Counts {
        private final long[] counts = new long[Kind.values().length];

        /// Counts `r`.
        public void add(Result r) {
            counts[r.kind().ordinal()]++;
        }

        /// Adds `other`'s counts to these.
        public void add(Counts other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
        }

        public long count(Kind k) {
            return counts[k.ordinal()];
        }

        public long generated() {
            return Arrays.stream(counts).sum();
        }

        /// Programs the verifier accepted (faulting or not, loaded by the host or not).
        public long accepted() {
            return generated() - count(Kind.REJECTED);
        }

        public long faults() {
            return count(Kind.FAULT);
        }

        /// `N generated, A accepted (P%), R rejected, H refused by the host, F faults`.
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d generated, %d accepted (%.1f%%), %d rejected, %d refused by "
                    + "the host, %d faults", generated(), accepted(), 100.0 * accepted() / Math.max(1, generated()),
                    count(Kind.REJECTED), count(Kind.HOST_REFUSED), faults());
        }
    }

    private final XdpProgramGenerator generator;

    /// The generator this fuzzer draws programs from.
    public XdpProgramGenerator generator() {
        return generator;
    }
    private final XdpRunner runner;
    private final VerifierOptions options = VerifierOptions.defaults();

    /// A fuzzer whose accepted programs run in `engine` (the interpreter: only it checks
    /// every access against the run's regions), with main functions of up to `statements`
    /// statements.
    public VerifierFuzzer(ExecutionEngine engine, int statements) {
        this.generator = new XdpProgramGenerator(statements);
        this.runner = new XdpRunner(engine);
    }

    /// Generates, verifies and runs the program of `seed`.
    public Result check(long seed) {
        return check(generator.generate(seed));
    }

    /// Verifies `program` and runs it when accepted.
    public Result check(FuzzProgram program) {
        InsnSeq seq = program.toInsnSeq();
        if (!accepted(seq)) {
            return new Result(Kind.REJECTED, Optional.empty(), "");
        }
        XdpRunner.Loaded loaded = runner.load(seq);
        if (loaded.refusal() != null) {
            return new Result(Kind.HOST_REFUSED, Optional.empty(), loaded.refusal().message());
        }
        SplittableRandom inputs = inputs(program);
        for (int i = 0; i < INPUTS; i++) {
            XdpInput input = XdpInput.random(inputs);
            if (runner.run(loaded, input) instanceof XdpRunner.Outcome.Faulted f) {
                return new Result(Kind.FAULT, Optional.of(new Fault(program, input, f)), "");
            }
        }
        return new Result(Kind.ACCEPTED, Optional.empty(), "");
    }

    /// The first fault of `program` on its inputs, run without asking the verifier: the
    /// generator's unsafe programs do fault, which is what makes a clean run of the accepted
    /// ones mean something.
    public Optional<Fault> runUnverified(FuzzProgram program) {
        XdpRunner.Loaded loaded = runner.load(program.toInsnSeq());
        SplittableRandom inputs = inputs(program);
        for (int i = 0; i < INPUTS && loaded.refusal() == null; i++) {
            XdpInput input = XdpInput.random(inputs);
            if (runner.run(loaded, input) instanceof XdpRunner.Outcome.Faulted f) {
                return Optional.of(new Fault(program, input, f));
            }
        }
        return Optional.empty();
    }

    /// The generator of the inputs of `program`: the same for every shrunk form of it.
    private static SplittableRandom inputs(FuzzProgram program) {
        return new SplittableRandom(program.seed() * 0x9e37_79b9_7f4a_7c15L + 1);
    }

    private boolean accepted(InsnSeq seq) {
        return Verifier.verify(seq, XdpProgramGenerator.MAPS, ProgramTypeDescriptor.XDP, options).verdict()
                == Verdict.ACCEPTED;
    }

    /// Deletes items of the faulting program, one at a time, for as long as the verifier still
    /// accepts what is left and it still faults on the same input.
    public Fault shrink(Fault fault) {
        return FuzzProgram.shrink(fault, Fault::program, p -> faults(p, fault.input()));
    }

    private Optional<Fault> faults(FuzzProgram program, XdpInput input) {
        InsnSeq seq = program.toInsnSeq();
        if (!accepted(seq)) {
            return Optional.empty();
        }
        XdpRunner.Loaded loaded = runner.load(seq);
        return loaded.refusal() == null && runner.run(loaded, input) instanceof XdpRunner.Outcome.Faulted f
                ? Optional.of(new Fault(program, input, f)) : Optional.empty();
    }

    /// A reproducer for people: the seed, the fault, the listing and the input.
    public static String describe(Fault f) {
        return "accepted program faults, seed " + f.program().seed() + ": " + f.fault().message() + "\n"
                + Disassembler.xlated().render(f.program().toInsnSeq()) + f.input().describe();
    }

    @Override
    public void close() {
        runner.close();
    }
}
