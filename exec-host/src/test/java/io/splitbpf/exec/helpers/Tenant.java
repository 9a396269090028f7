package io.splitbpf.exec.helpers;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.asm.MapNames;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.HelperTable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/// A test tenant: memory, maps, trace log and Linux helpers, loading assembled programs into
/// an engine after binding their maps.
final class Tenant implements AutoCloseable {
    static final int SLOTS = 4;

    final TenantMemory memory = TenantMemory.allocate("tenant", 1 << 22);
    final MapRegistry maps = new MapRegistry(memory, SLOTS);
    final TraceLog trace = new TraceLog();
    final HelperTable helpers = LinuxHelpers.table(maps, trace, () -> 1_000_000L);
    private final List<BpfMap> objectMaps = new ArrayList<>();

    static Stream<ExecutionEngine> engines() {
        return Stream.of(new Interpreter(), new JitCompiler());
    }

    /// Creates a map; programs name it `map[name]`.
    BpfMap map(MapSpec spec) {
        BpfMap m = maps.create(spec);
        objectMaps.add(m);
        return m;
    }

    InsnSeq assemble(String text) {
        MapNames names = MapNames.of(objectMaps.stream().map(BpfMap::name).toList());
        return MapBinder.bind(Assembler.of(Dialect.LLVM).withMaps(names).assemble(text), objectMaps, maps);
    }

    ExecutionEngine.LoadedCode load(ExecutionEngine engine, String text) {
        return engine.load(assemble(text), helpers);
    }

    /// A context for `slot` allowing the maps created so far.
    ExecContext context(int slot) {
        return new ExecContext(memory, slot).allowPermanently(maps.programRegions());
    }

    @Override
    public void close() {
        memory.close();
    }
}
