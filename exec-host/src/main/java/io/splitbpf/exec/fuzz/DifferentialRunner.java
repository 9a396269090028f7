package io.splitbpf.exec.fuzz;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.asm.Disassembler;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.ExecutionException;
import io.splitbpf.exec.runtime.HelperTable;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/// Runs programs in two engines and compares what they leave behind: r0, the bytes of the
/// whole stack and of the input buffer, or the pc of the error that stopped them (the message
/// may differ). Each run starts from the same state: a cleared stack and the program's input.
/// Not thread-safe: one runner owns one tenant memory.
public final class DifferentialRunner implements AutoCloseable {
    /// A budget for the engines that count instructions, far above what a generated program
    /// executes: reaching it means the generator broke its termination guarantee.
    public static final long INSTRUCTION_LIMIT = 50_000_000;

    private final ExecutionEngine first;
    private final ExecutionEngine second;
    private final HelperTable helpers = FuzzHelpers.table();
    private final TenantMemory memory = TenantMemory.allocate("fuzz", 64 * 1024);
    private final ExecContext ctx = new ExecContext(memory, 0);
    private final Region input = memory.allocate("input", ProgramGenerator.INPUT_SIZE, 16, true);

    /// A runner comparing `first` (the reference) with `second`.
    public DifferentialRunner(ExecutionEngine first, ExecutionEngine second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    /// What one engine did with a program.
    public sealed interface Outcome {
        /// The program returned `r0`, leaving `stack` and `input` behind.
        record Returned(long r0, byte[] stack, byte[] input) implements Outcome {}

        /// The program stopped with an error at `pc`.
        record Failed(int pc, String message) implements Outcome {}

        /// The engine refused to load the program.
        record Refused(String message) implements Outcome {}

        /// The engine itself broke: an exception other than an execution error.
        record Crashed(String description) implements Outcome {}
    }

    /// Two engines that disagree on `program`.
    public record Mismatch(FuzzProgram program, Outcome first, Outcome second) {}

    /// The first engine.
    public ExecutionEngine first() {
        return first;
    }

    /// The second engine.
    public ExecutionEngine second() {
        return second;
    }

    /// Runs `program` in both engines; a mismatch when they disagree.
    public Optional<Mismatch> check(FuzzProgram program) {
        InsnSeq seq = program.toInsnSeq();
        Outcome a = run(first, seq, program.input());
        Outcome b = run(second, seq, program.input());
        return agree(a, b) ? Optional.empty() : Optional.of(new Mismatch(program, a, b));
    }

    /// Runs `seq` once in `engine` on `inputBytes`.
    public Outcome run(ExecutionEngine engine, InsnSeq seq, byte[] inputBytes) {
        ExecutionEngine.LoadedCode code;
        try {
            code = engine.load(seq, helpers, memory);
        } catch (BpfFormatException e) {
            return new Outcome.Refused(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new Outcome.Crashed("load: " + e);
        }
        ctx.reset().instructionLimit(INSTRUCTION_LIMIT).packet(input);
        memory.write(input.address(), inputBytes);
        try {
            long r0 = code.run(ctx, input.address(), inputBytes.length);
            return new Outcome.Returned(r0, memory.read(ctx.stack().address(), (int) ctx.stack().size()),
                    memory.read(input.address(), (int) input.size()));
        } catch (ExecutionException e) {
            return new Outcome.Failed(e.pc(), e.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return new Outcome.Crashed("run: " + e);
        }
    }

    /// Whether two outcomes agree: the same r0 and bytes, errors at the same pc, or both
    /// refused. A crash never agrees.
    public static boolean agree(Outcome a, Outcome b) {
        return switch (a) {
            case Outcome.Returned(var r0, var stack, var in) -> b instanceof Outcome.Returned(var r0b, var stackB, var inB)
                    && r0 == r0b && Arrays.equals(stack, stackB) && Arrays.equals(in, inB);
            case Outcome.Failed(var pc, var msg) -> b instanceof Outcome.Failed(var pcB, var msgB) && pc == pcB;
            case Outcome.Refused r -> b instanceof Outcome.Refused;
            case Outcome.Crashed c -> false;
        };
    }

    /// Shrinks a mismatching program: deletes items, one at a time, for as long as the engines
    /// still disagree; what is left still mismatches and is still well-formed.
    public Mismatch shrink(Mismatch mismatch) {
        return FuzzProgram.shrink(mismatch, Mismatch::program, this::check);
    }

    /// A reproducer for people: the seed, both outcomes, the listing and the input.
    public String describe(Mismatch m) {
        StringBuilder out = new StringBuilder();
        out.append("mismatch for seed ").append(m.program().seed()).append('\n');
        out.append("  ").append(first.name()).append(": ").append(summary(m.first())).append('\n');
        out.append("  ").append(second.name()).append(": ").append(summary(m.second())).append('\n');
        if (m.first() instanceof Outcome.Returned(var r0, var s, var in)
                && m.second() instanceof Outcome.Returned(var r0b, var sb, var inb)) {
            firstDifference("stack", s, sb).ifPresent(d -> out.append("  ").append(d).append('\n'));
            firstDifference("input", in, inb).ifPresent(d -> out.append("  ").append(d).append('\n'));
        }
        out.append(Disassembler.xlated().render(m.program().toInsnSeq()));
        out.append("input: ").append(HexFormat.ofDelimiter(" ").formatHex(m.program().input())).append('\n');
        return out.toString();
    }

    /// A regression file for `m` in the conformance `.data` format: the listing (LLVM dialect)
    /// under `-- asm`, the input under `-- mem`, and the reference engine's r0 under `-- result`
    /// (or its error under `-- error`).
    public static String dataFile(Mismatch m) {
        StringBuilder out = new StringBuilder();
        out.append("# A mismatch the differential fuzzer found (seed ").append(m.program().seed()).append(").\n");
        out.append("-- asm\n").append(Disassembler.plain().render(m.program().toInsnSeq()));
        out.append("-- mem\n");
        byte[] in = m.program().input();
        for (int i = 0; i < in.length; i += 16) {
            out.append(HexFormat.ofDelimiter(" ").formatHex(in, i, Math.min(in.length, i + 16))).append('\n');
        }
        switch (m.first()) {
            case Outcome.Returned r -> out.append("-- result\n0x").append(Long.toHexString(r.r0())).append('\n');
            case Outcome.Failed f -> out.append("-- error\n").append(f.message()).append('\n');
            case Outcome.Refused r -> out.append("-- error\n").append(r.message()).append('\n');
            case Outcome.Crashed c -> out.append("-- error\n").append(c.description()).append('\n');
        }
        return out.toString();
    }

    private static String summary(Outcome o) {
        return switch (o) {
            case Outcome.Returned r -> "r0 = 0x" + Long.toHexString(r.r0());
            case Outcome.Failed f -> "error: " + f.message();
            case Outcome.Refused r -> "refused: " + r.message();
            case Outcome.Crashed c -> "crashed: " + c.description();
        };
    }

    private static Optional<String> firstDifference(String what, byte[] a, byte[] b) {
        int i = Arrays.mismatch(a, b);
        if (i < 0) {
            return Optional.empty();
        }
        return Optional.of(what + " differs first at byte " + i + ": 0x" + HexFormat.of().toHexDigits(a[i]) + " vs 0x"
                + HexFormat.of().toHexDigits(b[i]));
    }

    @Override
    public void close() {
        memory.close();
    }
}
