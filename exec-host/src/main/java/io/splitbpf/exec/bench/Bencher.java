package io.splitbpf.exec.bench;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.jit.CompiledProgram;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.HelperTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/// One program set up to be timed in one engine: its own tenant memory, one [ExecContext]
/// reused for every run, the input buffer (r1 = its address, r2 = its length, as the
/// conformance runner passes them; both 0 without one).
///
/// Between runs only what must be reset is: the input bytes, and only when the first run
/// changed them. The stack is not cleared (a verified program never reads a stack slot it did
/// not write in the same run). Programs are loaded bound to the bencher's tenant memory, as the
/// host loads them ([ExecutionEngine#load(InsnSeq, HelperTable, TenantMemory)]). JIT-compiled
/// code is called directly through [CompiledProgram#run], other engines through a preallocated
/// argument array: no allocation per run.
public final class Bencher implements AutoCloseable {
    /// The timed loop; see [RunLoop].
    interface Loop {
        long runCompiled(CompiledProgram program, ExecContext ctx, MemorySegment mem, long r1, long r2, long n,
                MemorySegment pristine, long inputOffset);

        long runLoaded(ExecutionEngine.LoadedCode code, ExecContext ctx, MemorySegment mem, long[] args, long n,
                MemorySegment pristine, long inputOffset);
    }

    private static final long MEMORY = 1 << 20;

    private final String engine;
    private final TenantMemory memory;
    private final Arena arena = Arena.ofConfined();
    private final ExecContext ctx;
    private final MemorySegment mem;
    private final CompiledProgram compiled;
    private final ExecutionEngine.LoadedCode loaded;
    private final long r1;
    private final long r2;
    private final long[] args;
    private final byte[] input;
    private final long inputOffset;
    private final Loop loop;
    private MemorySegment pristine;
    private boolean checked;

    private Bencher(ExecutionEngine engine, InsnSeq program, HelperTable helpers, byte[] input) {
        this.engine = engine.name();
        this.memory = TenantMemory.allocate("bench", MEMORY);
        this.ctx = new ExecContext(memory, 0);
        this.mem = memory.segment();
        this.input = input == null ? null : input.clone();
        if (input != null) {
            Region buffer = memory.allocate("input", Math.max(input.length, 1), 16, true);
            Region exact = new Region("input", buffer.address(), input.length, true);
            ctx.packet(exact);
            this.r1 = exact.address();
            this.r2 = input.length;
            this.inputOffset = exact.address() - TenantMemory.BASE;
        } else {
            this.r1 = 0;
            this.r2 = 0;
            this.inputOffset = 0;
        }
        this.args = new long[] {r1, r2};
        if (engine instanceof JitCompiler jit) {
            this.compiled = jit.compile(program, helpers, memory);
            this.loaded = null;
        } else {
            this.compiled = null;
            this.loaded = engine.load(program, helpers, memory);
        }
        this.loop = newLoop();
    }

    /// Loads `program` into `engine` with `helpers` and `input` (null: none).
    ///
    /// @throws io.splitbpf.exec.runtime.LoadException when the engine refuses the program
    public static Bencher of(ExecutionEngine engine, InsnSeq program, HelperTable helpers, byte[] input) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(helpers, "helpers");
        return new Bencher(engine, program, helpers, input);
    }

    /// The engine's name.
    public String engine() {
        return engine;
    }

    /// Runs the program once from a cleared stack and the original input, and checks that it
    /// returns `expected`. Must be called before timing; it also finds out whether the input
    /// must be restored between runs.
    ///
    /// @throws IllegalStateException when r0 differs, or when a helper ended the program
    ///     early (runs would then need a full context reset, which is not what is measured)
    /// @throws io.splitbpf.exec.runtime.ExecutionException when the program fails
    public long check(long expected) {
        ctx.reset();
        if (input != null) {
            ctx.packet(new Region("input", r1, r2, true));
            memory.write(r1, input);
        }
        long r0 = runOne();
        if (r0 != expected) {
            throw new IllegalStateException("r0 = 0x" + Long.toHexString(r0) + ", expected 0x"
                    + Long.toHexString(expected));
        }
        if (ctx.exitRequested()) {
            throw new IllegalStateException("a helper ended the program early; such programs are not benchmarked");
        }
        if (input != null && !Arrays.equals(memory.read(r1, input.length), input)) {
            pristine = arena.allocate(input.length);
            MemorySegment.copy(input, 0, pristine, TenantMemory.U8, 0, input.length);
            memory.write(r1, input);
        }
        checked = true;
        return r0;
    }

    /// Whether the program writes its input, so that each run first restores it.
    public boolean restoresInput() {
        return pristine != null;
    }

    /// One run, restoring the input first when needed (for JMH's own loop).
    public long runOnce() {
        if (pristine != null) {
            MemorySegment.copy(pristine, 0, mem, inputOffset, pristine.byteSize());
        }
        return runOne();
    }

    private long runOne() {
        return compiled != null ? compiled.run(ctx, mem, r1, r2, 0, 0, 0) : loaded.run(ctx, args);
    }

    /// `n` runs in the timed loop; returns the last r0.
    public long run(long n) {
        if (!checked) {
            throw new IllegalStateException("check the program's result before timing it");
        }
        return compiled != null ? loop.runCompiled(compiled, ctx, mem, r1, r2, n, pristine, inputOffset)
                : loop.runLoaded(loaded, ctx, mem, args, n, pristine, inputOffset);
    }

    /// Times the program: runs it for `warmupNanos`, then `rounds` rounds of about
    /// `roundNanos` each, and checks after each round that it still returns `expected`. The
    /// timed loop's call site sees this program only, so the JVM may inline a small program
    /// into it, as it would into a caller that runs one program.
    public Measurement measure(long expected, long warmupNanos, int rounds, long roundNanos) {
        return measure(expected, warmupNanos, rounds, roundNanos, false);
    }

    /// [#measure(long, long, int, long)], and with `megamorphic`, JIT-compiled code is called
    /// through a call site that has also seen three other programs during the warm-up, as a hook
    /// that dispatches many programs calls them: the JVM can then no longer inline the program
    /// into the loop, and each run pays a real call. (No effect on other engines.)
    public Measurement measure(long expected, long warmupNanos, int rounds, long roundNanos, boolean megamorphic) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds " + rounds + " (at least 1)");
        }
        check(expected);
        if (megamorphic && compiled != null) {
            pollute();
        }
        // Calibrate while warming up: double the batch until one takes a tenth of a round.
        long batch = 1;
        long perRun = 0;
        long warmupEnd = System.nanoTime() + warmupNanos;
        do {
            long t0 = System.nanoTime();
            run(batch);
            long t = System.nanoTime() - t0;
            perRun = Math.max(1, t / batch);
            if (t < roundNanos / 10) {
                batch *= 2;
            }
        } while (System.nanoTime() < warmupEnd);
        long n = Math.max(1, roundNanos / perRun);
        double[] nanos = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long r0 = run(n);
            long t = System.nanoTime() - t0;
            if (r0 != expected) {
                throw new IllegalStateException("round " + (r + 1) + ": r0 = 0x" + Long.toHexString(r0)
                        + ", expected 0x" + Long.toHexString(expected));
            }
            nanos[r] = (double) t / n;
        }
        return new Measurement(n, nanos);
    }

    /// What [#measure] saw: `runsPerRound` runs in each round, and each round's time per run.
    public record Measurement(long runsPerRound, double[] nanosPerRun) {
        public Measurement {
            nanosPerRun = nanosPerRun.clone();
        }

        @Override
        public double[] nanosPerRun() {
            return nanosPerRun.clone();
        }

        public int rounds() {
            return nanosPerRun.length;
        }

        /// The median round (the mean of the two middle ones for an even count).
        public double median() {
            double[] s = nanosPerRun.clone();
            Arrays.sort(s);
            int m = s.length / 2;
            return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
        }

        public double min() {
            return Arrays.stream(nanosPerRun).min().orElseThrow();
        }
    }

    /// Runs three other programs through the timed loop, interleaved with this one, until the
    /// JVM has profiled (and compiled) the loop's call site as megamorphic.
    private void pollute() {
        JitCompiler jit = new JitCompiler();
        List<CompiledProgram> others = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            others.add(jit.compile(InsnSeq.ofInsns(List.of(new Alu(AluOp.MOV, Width.W64, Reg.R0, new Imm(k)), new Exit())),
                    HelperTable.empty()));
        }
        for (int i = 0; i < 2_000; i++) {
            for (CompiledProgram other : others) {
                loop.runCompiled(other, ctx, mem, r1, r2, 100, null, 0);
            }
            run(100);
        }
    }

    /// A hidden copy of [RunLoop] of this program's own.
    private static Loop newLoop() {
        byte[] bytes;
        try (InputStream in = RunLoop.class.getResourceAsStream("RunLoop.class")) {
            if (in == null) {
                throw new IllegalStateException("cannot find the class file of " + RunLoop.class.getName());
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("read the class file of " + RunLoop.class.getName(), e);
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (Loop) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define a timing loop", e);
        }
    }

    @Override
    public void close() {
        arena.close();
        memory.close();
    }
}
