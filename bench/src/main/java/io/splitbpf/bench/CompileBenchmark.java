package io.splitbpf.bench;

import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.fuzz.FuzzHelpers;
import io.splitbpf.exec.fuzz.ProgramGenerator;
import io.splitbpf.exec.jit.CompiledProgram;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.runtime.HelperTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/// JIT compile time of a 100-instruction program (the first generated program of exactly 100
/// instructions: ALU, memory, jumps, loops, helper and local calls), as a sample distribution
/// (p50 is the figure to compare). Every compiled class is dropped at once and unloaded by GC.
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
public class CompileBenchmark {
    /// The program's size in instructions.
    public static final int SIZE = 100;

    private final JitCompiler jit = new JitCompiler();
    private final HelperTable helpers = FuzzHelpers.table();
    private InsnSeq program;

    @Setup
    public void setUp() {
        ProgramGenerator generator = new ProgramGenerator();
        for (long seed = 0; program == null; seed++) {
            InsnSeq seq = generator.generate(seed).toInsnSeq();
            if (seq.size() == SIZE) {
                program = seq;
            }
        }
    }

    @Benchmark
    public CompiledProgram compile() {
        return jit.compile(program, helpers);
    }
}
