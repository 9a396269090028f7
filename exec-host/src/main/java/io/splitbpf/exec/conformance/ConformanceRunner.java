package io.splitbpf.exec.conformance;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.conformance.DataFile;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.isa.RawInsn;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.ExecutionException;
import io.splitbpf.exec.runtime.HelperTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/// Runs conformance `.data` files through one engine, as the bpf_conformance runner does with a
/// plugin: assemble (or take `-- raw`), load, run with `-- mem` as the input buffer (r1 points
/// at it, r2 holds its length; both 0 without one), and compare r0 with `-- result`.
///
/// A file with `-- error` passes when the program is refused or fails. The expected text is
/// another runtime's wording, so only the kind is compared: uBPF's "Failed to load code" must be
/// a refusal before the run, its "uBPF error" a failure during it. An empty `-- error` (the
/// `negative/unused-*` files) means "must be refused". A file that uses a directive this runner
/// does not understand is skipped with the reason, as are assembler listings with no result.
public final class ConformanceRunner {
    /// The memory each case runs in.
    private static final long MEMORY = 1 << 20;
    /// The largest program the harness takes, in slots: uBPF's limit, which its test vectors
    /// check. (The host's own limit is Linux's, [io.splitbpf.exec.runtime.ProgramValidator#MAX_SLOTS].)
    public static final int MAX_SLOTS = 65_536;

    private final ExecutionEngine engine;
    private final HelperTable helpers;
    private final long instructionLimit;

    /// A runner for `engine` with the conformance helpers and a limit on instructions per run
    /// (0: none), which keeps a looping program from stalling the run.
    public ConformanceRunner(ExecutionEngine engine, long instructionLimit) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.helpers = ConformanceHelpers.table();
        this.instructionLimit = instructionLimit;
    }

    /// The `.data` files named by `paths`: files as given, folders' `.data` files sorted by name
    /// (their top level only, like the bpf_conformance runner, unless `recursive`).
    public static List<Path> expand(List<Path> paths, boolean recursive) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = recursive ? Files.walk(p) : Files.list(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".data"))
                            .sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("list " + p, e);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /// Runs one file.
    public CaseResult run(Path file) {
        DataFile data;
        try {
            data = DataFile.read(file);
        } catch (BpfFormatException | java.io.UncheckedIOException e) {
            return CaseResult.failed(file, "cannot read: " + e.getMessage());
        }
        if (data.skipReason().isPresent()) {
            return CaseResult.skipped(file, data.skipReason().get());
        }
        if (engine.name().equals("jit") && data.noJit().isPresent()) {
            return CaseResult.skipped(file, "no jit: " + data.noJit().get());
        }
        Outcome outcome = execute(data);
        Optional<String> expectedError = data.error().or(data::errorPattern);
        if (expectedError.isPresent()) {
            String expected = expectedError.get();
            return switch (outcome) {
                case Outcome.Value(long r0) -> CaseResult.failed(file, "expected an error"
                        + (expected.isEmpty() ? "" : " (" + expected + ")") + ", got r0 = 0x" + Long.toHexString(r0));
                case Outcome.Refused(String msg) -> expected.contains("uBPF error")
                        ? CaseResult.failed(file, "expected a failure while running (" + expected + "), but it was refused: " + msg)
                        : CaseResult.passed(file, "refused: " + msg);
                case Outcome.Failed(String msg) -> expected.startsWith("Failed to load code")
                        ? CaseResult.failed(file, "expected a refusal at load (" + expected + "), but it failed while running: " + msg)
                        : CaseResult.passed(file, "failed: " + msg);
            };
        }
        long want = data.result().orElseThrow();
        return switch (outcome) {
            case Outcome.Value(long r0) -> r0 == want
                    ? CaseResult.passed(file, "r0 = 0x" + Long.toHexString(r0))
                    : CaseResult.failed(file, "r0 = 0x" + Long.toHexString(r0) + ", expected 0x" + Long.toHexString(want));
            case Outcome.Refused(String msg) -> CaseResult.failed(file, "refused: " + msg);
            case Outcome.Failed(String msg) -> CaseResult.failed(file, "failed: " + msg);
        };
    }

    /// What happened to a program.
    public sealed interface Outcome {
        record Value(long r0) implements Outcome {}
        record Refused(String message) implements Outcome {}
        record Failed(String message) implements Outcome {}
    }

    private Outcome execute(DataFile data) {
        ExecutionEngine.LoadedCode code;
        try {
            List<RawInsn> slots = data.program();
            if (slots.size() > MAX_SLOTS) {
                return new Outcome.Refused("too many instructions (" + slots.size() + ", the conformance harness takes at most "
                        + MAX_SLOTS + ")");
            }
            InsnSeq program = InsnCodec.decode(slots);
            code = engine.load(program, helpers);
        } catch (BpfFormatException e) {
            return new Outcome.Refused(e.getMessage());
        }
        return run(code, data.mem().orElse(null), instructionLimit);
    }

    /// Runs loaded code once on `mem` (null: no input) in a fresh tenant memory.
    public static Outcome run(ExecutionEngine.LoadedCode code, byte[] mem, long instructionLimit) {
        try (TenantMemory memory = TenantMemory.allocate("conformance", MEMORY)) {
            ExecContext ctx = new ExecContext(memory, 0).instructionLimit(instructionLimit);
            long r1 = 0;
            long r2 = 0;
            if (mem != null) {
                Region input = memory.allocate("input", Math.max(mem.length, 1), 16, true);
                memory.write(input.address(), mem);
                Region exact = new Region("input", input.address(), mem.length, true);
                ctx.packet(exact);
                r1 = exact.address();
                r2 = mem.length;
            }
            try {
                return new Outcome.Value(code.run(ctx, r1, r2));
            } catch (ExecutionException e) {
                return new Outcome.Failed(e.getMessage());
            }
        }
    }
}
