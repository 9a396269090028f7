package io.splitbpf.bench;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.asm.MapNames;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.helpers.LinuxHelpers;
import io.splitbpf.exec.helpers.TraceLog;
import io.splitbpf.exec.jit.CompiledProgram;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.HelperTable;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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

/// Hash-map lookup and update from JIT code: a HASH map of [#ENTRIES] u32 keys to u64 values,
/// full, and two small programs that call `bpf_map_lookup_elem` (1) and `bpf_map_update_elem`
/// (2, `BPF_ANY` on an existing key, so every update replaces an element) with the key in r1.
/// Each invocation runs one program once with the next key of all the keys, in a fixed
/// shuffled order (every entry visited, no pattern for the caches) or in ascending order. The
/// time includes the program around the call (a few instructions), as Linux's figures do.
/// The programs are compiled bound to the benchmark's tenant memory, as the host compiles them.
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MapBenchmark {
    /// The map's size, and the number of keys the runs cycle through.
    public static final int ENTRIES = 10_000;

    /// `r0 = *lookup(&table, &(u32) r1)`, or -1 when the key is absent.
    static final String LOOKUP = """
            *(u32 *)(r10 - 4) = r1
            r2 = r10
            r2 += -4
            r1 = map[table] ll
            call 1
            if r0 == 0 goto +2
            r0 = *(u64 *)(r0 + 0)
            exit
            r0 = -1
            exit
            """;

    /// `update(&table, &(u32) r1, &(u64) r1, BPF_ANY)`; r0 is the helper's result.
    static final String UPDATE = """
            *(u32 *)(r10 - 4) = r1
            *(u64 *)(r10 - 16) = r1
            r2 = r10
            r2 += -4
            r3 = r10
            r3 += -16
            r1 = map[table] ll
            r4 = 0
            call 2
            exit
            """;

    /// The order the runs visit the keys in: a fixed shuffle, or 0, 1, 2 …
    @Param({"shuffled", "sequential"})
    String order;

    private TenantMemory memory;
    private MemorySegment segment;
    private ExecContext ctx;
    private CompiledProgram lookup;
    private CompiledProgram update;
    private long[] keys;
    private int next;

    @Setup
    public void setUp() {
        memory = TenantMemory.allocate("bench", 1 << 22);
        segment = memory.segment();
        MapRegistry registry = new MapRegistry(memory, 1);
        BpfMap table = registry.create(new MapSpec("table", MapType.HASH, 4, 8, ENTRIES, 0, 0, 0, 0, Optional.empty(),
                new byte[0], List.of(), false, Optional.of("__u32"), Optional.of("__u64"), MapOrigin.BTF));
        for (int k = 0; k < ENTRIES; k++) {
            table.update(u32(k), u64(k), BpfMap.ANY);
        }
        HelperTable helpers = LinuxHelpers.table(registry, new TraceLog());
        JitCompiler jit = new JitCompiler();
        lookup = jit.compile(assemble(LOOKUP, table, registry), helpers, memory);
        update = jit.compile(assemble(UPDATE, table, registry), helpers, memory);
        ctx = new ExecContext(memory, 0).allowPermanently(registry.programRegions());
        keys = new long[ENTRIES];
        for (int k = 0; k < ENTRIES; k++) {
            keys[k] = k;
        }
        Random random = new Random(1);
        for (int i = ENTRIES - 1; i > 0 && order.equals("shuffled"); i--) {
            int j = random.nextInt(i + 1);
            long t = keys[i];
            keys[i] = keys[j];
            keys[j] = t;
        }
        for (long k : keys) {
            if (lookup.run(ctx, segment, k, 0, 0, 0, 0) != k || update.run(ctx, segment, k, 0, 0, 0, 0) != 0) {
                throw new IllegalStateException("map benchmark programs give wrong results for key " + k);
            }
        }
    }

    private static InsnSeq assemble(String text, BpfMap table, MapRegistry registry) {
        InsnSeq program = Assembler.of(Dialect.LLVM).withMaps(MapNames.of(List.of(table.name()))).assemble(text);
        return MapBinder.bind(program, List.of(table), registry);
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private long nextKey() {
        int i = next;
        next = i + 1 == ENTRIES ? 0 : i + 1;
        return keys[i];
    }

    @Benchmark
    public long lookup() {
        return lookup.run(ctx, segment, nextKey(), 0, 0, 0, 0);
    }

    @Benchmark
    public long update() {
        return update.run(ctx, segment, nextKey(), 0, 0, 0, 0);
    }

    @TearDown
    public void tearDown() {
        memory.close();
    }
}
