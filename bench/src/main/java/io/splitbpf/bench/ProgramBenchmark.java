package io.splitbpf.bench;

import io.splitbpf.core.conformance.DataFile;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.exec.bench.Bencher;
import io.splitbpf.exec.conformance.ConformanceHelpers;
import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/// The five benchmark programs of `../shared/bench` (or `-Dsplitbpf.shared=DIR`) in both
/// engines, set up as `ebpf bench` sets them up ([Bencher]): each program's r0 is checked
/// against its `-- result` before it is timed.
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "--enable-native-access=ALL-UNNAMED"})
public class ProgramBenchmark {
    @Param({"trivial", "tcp-port-80", "tcp-sack", "mul-loop-1e6", "prime-1000003"})
    String program;

    @Param({"jit", "interpreter"})
    String engine;

    private Bencher bencher;

    @Setup
    public void setUp() {
        Path dir = Path.of(System.getProperty("splitbpf.shared", "../shared"), "bench");
        DataFile data = DataFile.read(dir.resolve(program + ".data"));
        ExecutionEngine e = engine.equals("jit") ? new JitCompiler() : new Interpreter();
        bencher = Bencher.of(e, InsnCodec.decode(data.program()), ConformanceHelpers.table(), data.mem().orElse(null));
        bencher.check(data.result().orElseThrow(() -> new IllegalStateException(program + ": no -- result")));
    }

    @Benchmark
    public long run() {
        return bencher.runOnce();
    }

    @TearDown
    public void tearDown() {
        bencher.close();
    }
}
