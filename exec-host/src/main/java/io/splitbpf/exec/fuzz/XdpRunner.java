package io.splitbpf.exec.fuzz;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.context.XdpContext;
import io.splitbpf.exec.helpers.LinuxHelpers;
import io.splitbpf.exec.helpers.TraceLog;
import io.splitbpf.exec.maps.ArrayMap;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapEntry;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.ExecutionException;
import io.splitbpf.exec.runtime.HelperTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/// Runs programs of [XdpProgramGenerator] as an XDP hook would, in one tenant with the maps
/// [XdpProgramGenerator#MAPS], holding them to exactly the memory they may touch: the stack,
/// the context (read-only), `[data_meta, data_end)` of the packet and each map value's
/// `value_size` bytes (not the padding that rounds it up to 8). With the checked interpreter
/// every access outside those is a fault, which a program a sound verifier accepted never
/// makes. Not thread-safe: one runner owns one tenant memory.
public final class XdpRunner implements AutoCloseable {
    /// Where `data` lies in the packet buffer: the headroom before it holds the meta area.
    private static final int HEADROOM = 128;
    /// The instructions a run may execute: far more than a generated program can.
    private static final long INSTRUCTION_LIMIT = 1_000_000;
    /// What `bpf_ktime_get_ns` returns.
    private static final long NOW = 1_000_000;

    /// What one run gave.
    public sealed interface Outcome {
        /// The program returned `r0`.
        record Returned(long r0) implements Outcome {}

        /// The program stopped at `pc`: an access outside its memory, or a helper that refused
        /// its arguments.
        record Faulted(int pc, String message) implements Outcome {}

        /// The host refused to load the program (binding maps, rewriting context loads, the
        /// engine's structural checks).
        record Refused(String message) implements Outcome {}
    }

    private final ExecutionEngine engine;
    private final TenantMemory memory = TenantMemory.allocate("xdp-fuzz", 1 << 20);
    private final MapRegistry registry = new MapRegistry(memory, 1);
    private final List<BpfMap> maps = registry.createAll(XdpProgramGenerator.MAPS);
    private final List<Region> values = valueRegions(maps);
    private final Region context = XdpContext.allocate(memory);
    private final Region buffer = memory.allocate("packet buffer", HEADROOM + XdpProgramGenerator.MAX_PACKET + 64, 64,
            true);
    private final ExecContext ctx = new ExecContext(memory, 0);
    private final HelperTable helpers;
    private SplittableRandom prandom = new SplittableRandom(0);

    /// A runner for `engine` (the interpreter, to have every access checked).
    public XdpRunner(ExecutionEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        HelperTable linux = LinuxHelpers.table(registry, new TraceLog(), () -> NOW);
        HelperTable.Builder b = HelperTable.builder();
        for (int id : new int[] {1, 2, 3, 5, 8}) {
            b.add(id, linux.name(id), linux.lookup(id).orElseThrow());
        }
        // A seeded generator, so that a run can be repeated (Linux's draws from the CPU's).
        b.add(7, linux.name(7), (c, u1, u2, u3, u4, u5) -> prandom.nextInt() & 0xffff_ffffL);
        this.helpers = b.build();
    }

    /// Each map value's `value_size` bytes: values are `round_up(value_size, 8)` apart in the
    /// map's value region (see [BpfMap]).
    private static List<Region> valueRegions(List<BpfMap> maps) {
        List<Region> out = new ArrayList<>();
        for (BpfMap m : maps) {
            Region all = m.valueRegion().orElseThrow();
            int stride = (m.valueSize() + 7) & ~7;
            for (long a = all.address(); a + m.valueSize() <= all.end(); a += stride) {
                out.add(new Region(m.name() + " value", a, m.valueSize(), all.writable()));
            }
        }
        return List.copyOf(out);
    }

    /// `program` bound to the maps, its context loads rewritten, loaded into the engine.
    ///
    /// @return the loaded code, or the host's refusal
    public Loaded load(InsnSeq program) {
        try {
            InsnSeq bound = MapBinder.bind(program, maps, registry);
            return new Loaded(engine.load(XdpContext.rewriter().rewrite(bound), helpers), null);
        } catch (BpfFormatException e) {
            return new Loaded(null, new Outcome.Refused(e.getMessage()));
        }
    }

    /// A program ready to run, or why the host refused it.
    ///
    /// @param code the loaded code (null when refused)
    /// @param refusal the refusal (null when loaded)
    public record Loaded(ExecutionEngine.LoadedCode code, Outcome.Refused refusal) {}

    /// Runs `loaded` once on `input`.
    public Outcome run(Loaded loaded, XdpInput input) {
        if (loaded.refusal() != null) {
            return loaded.refusal();
        }
        fillMaps(input);
        byte[] meta = input.meta();
        byte[] packet = input.packet();
        long data = buffer.address() + HEADROOM;
        memory.write(data - meta.length, meta);
        memory.write(data, packet);
        ByteBuffer b = ByteBuffer.allocate(XdpContext.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(XdpContext.DATA, data);
        b.putLong(XdpContext.DATA_END, data + packet.length);
        b.putLong(XdpContext.DATA_META, data - meta.length);
        b.putInt(XdpContext.INGRESS_IFINDEX, 1);
        memory.write(context.address(), b.array());
        prandom = new SplittableRandom(input.helperSeed());
        ctx.reset().instructionLimit(INSTRUCTION_LIMIT).allow(context)
                .allow(new Region("packet", data - meta.length, meta.length + packet.length, true));
        values.forEach(ctx::allow);
        try {
            return new Outcome.Returned(loaded.code().run(ctx, context.address()));
        } catch (ExecutionException e) {
            return new Outcome.Faulted(e.pc(), e.getMessage());
        }
    }

    private void fillMaps(XdpInput input) {
        ArrayMap array = (ArrayMap) maps.get(0);
        for (int i = 0; i < input.arrayValues().size(); i++) {
            array.update(u32(i), input.arrayValues().get(i), BpfMap.ANY);
        }
        BpfMap hash = maps.get(1);
        for (MapEntry e : hash.dump()) {
            hash.delete(e.key());
        }
        input.hashEntries().forEach((k, v) -> hash.update(u64(k), v, BpfMap.ANY));
    }

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    @Override
    public void close() {
        memory.close();
    }
}
