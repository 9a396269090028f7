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
import io.splitbpf.exec.maps.MapException;
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

/// LPM trie lookups from JIT code, as a routing or blocklist program makes them: an `lpm_trie`
/// of `prefixes` random IPv4 prefixes (/8 to /32, most of them /16 to /24, like a routing
/// table) and a program that looks up the /32 key of the address in r1 with
/// `bpf_map_lookup_elem` (1). Each invocation looks up the next of 4,096 random addresses, so
/// the walks vary (about half of them find a prefix). The time includes the program around the
/// call, as [MapBenchmark]'s does.
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LpmBenchmark {
    /// `r0 = *lookup(&table, &{32, (u32) r1})`, or -1 when no prefix matches.
    static final String LOOKUP = """
            *(u32 *)(r10 - 4) = r1
            r2 = 32
            *(u32 *)(r10 - 8) = r2
            r2 = r10
            r2 += -8
            r1 = map[table] ll
            call 1
            if r0 == 0 goto +2
            r0 = *(u32 *)(r0 + 0)
            exit
            r0 = -1
            exit
            """;

    /// How many prefixes the trie holds.
    @Param({"1000", "10000"})
    int prefixes;

    private TenantMemory memory;
    private MemorySegment segment;
    private ExecContext ctx;
    private CompiledProgram lookup;
    private long[] addresses;
    private int next;

    @Setup
    public void setUp() {
        memory = TenantMemory.allocate("bench", 1 << 22);
        segment = memory.segment();
        MapRegistry registry = new MapRegistry(memory, 1);
        BpfMap table = registry.create(new MapSpec("table", MapType.LPM_TRIE, 8, 4, prefixes, 1, 0, 0, 0,
                Optional.empty(), new byte[0], List.of(), false, Optional.empty(), Optional.of("__u32"), MapOrigin.BTF));
        Random random = new Random(1);
        int[] lengths = {8, 12, 16, 16, 20, 22, 24, 24, 24, 28, 32};
        for (int stored = 0; stored < prefixes; ) {
            try {
                table.update(key(lengths[random.nextInt(lengths.length)], random.nextInt()), u32(stored), BpfMap.NOEXIST);
                stored++;
            } catch (MapException exists) {
                // the same prefix drawn twice: draw another
            }
        }
        HelperTable helpers = LinuxHelpers.table(registry, new TraceLog());
        InsnSeq program = Assembler.of(Dialect.LLVM).withMaps(MapNames.of(List.of("table"))).assemble(LOOKUP);
        lookup = new JitCompiler().compile(MapBinder.bind(program, List.of(table), registry), helpers);
        ctx = new ExecContext(memory, 0).allowPermanently(registry.programRegions());
        addresses = new long[4096];
        int found = 0;
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextInt() & 0xffff_ffffL;
            long viaMap = table.lookup(key(32, (int) addresses[i])).map(v -> ByteBuffer.wrap(v)
                    .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffff_ffffL).orElse(0xffff_ffff_ffff_ffffL);
            if (lookup.run(ctx, segment, addresses[i], 0, 0, 0, 0) != viaMap) {
                throw new IllegalStateException("the LPM benchmark program disagrees with the map for address "
                        + addresses[i]);
            }
            found += viaMap >= 0 ? 1 : 0;
        }
        if (found == 0) {
            throw new IllegalStateException("no address matches a prefix: the benchmark would only walk misses");
        }
    }

    /// A key: the prefix length, then the u32 as the program stores it (little endian).
    private static byte[] key(int prefixlen, int address) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(prefixlen).putInt(address).array();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Benchmark
    public long lookup() {
        int i = next;
        next = (i + 1) & (addresses.length - 1);
        return lookup.run(ctx, segment, addresses[i], 0, 0, 0, 0);
    }

    @TearDown
    public void tearDown() {
        memory.close();
    }
}
