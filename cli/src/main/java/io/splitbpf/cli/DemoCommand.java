package io.splitbpf.cli;

import io.splitbpf.cli.object.ObjectShowCommand;
import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.asm.Disassembler;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.exec.context.XdpContext;
import io.splitbpf.exec.helpers.LinuxHelpers;
import io.splitbpf.exec.helpers.TraceLog;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.maps.PerSlotArrayMap;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.Engines;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.HelperTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/// `ebpf demo`: what splitbpf does today, end to end, in one run: read a clang-built XDP
/// object, load it with its per-CPU map and run it over frames of several protocols with every
/// engine this build has, reading the counters back; then assemble, disassemble and run a
/// packet classifier written in the LLVM dialect.
@Command(name = "demo", description = "Show what splitbpf does, end to end, on the project's samples.",
        mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final String[] XDP_ACTIONS = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"};

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = Path.of(System.getProperty("splitbpf.root", "."));
        Path object = root.resolve("samples/xdp_proto_count.o");
        if (!Files.isRegularFile(object)) {
            spec.commandLine().getErr().println("error: " + object + ": no such file (run bin/ebpf from the checkout)");
            return ExitCode.BAD_INPUT;
        }
        List<ExecutionEngine> engines = Engines.available();
        Map<String, byte[]> frames = frames();

        out.println("== 1. An object built by clang -target bpf -O2 -g: samples/xdp_proto_count.o");
        CollectionSpec spec = ElfObjectReader.read(object);
        ObjectShowCommand.render(spec, out);

        out.println();
        out.println("== 2. Loaded with its map, context accesses rewritten, run by " + names(engines)
                + " over " + frames.size() + " frames in 2 execution slots");
        ProgramSpec prog = spec.programs().getFirst();
        List<List<Long>> results = new ArrayList<>();
        List<Map<Integer, Long>> counts = new ArrayList<>();
        for (ExecutionEngine engine : engines) {
            List<Long> actions = new ArrayList<>();
            counts.add(runXdp(engine, spec, prog, frames, actions));
            results.add(actions);
        }
        int f = 0;
        for (Map.Entry<String, byte[]> frame : frames.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("  %-22s %3d bytes ", frame.getKey(), frame.getValue().length));
            for (int e = 0; e < engines.size(); e++) {
                long action = results.get(e).get(f);
                line.append(String.format("  %s: %-9s", engines.get(e).name(),
                        action >= 0 && action < XDP_ACTIONS.length ? XDP_ACTIONS[(int) action] : Long.toString(action)));
            }
            out.println(line.toString().stripTrailing());
            f++;
        }
        out.println("  rxcnt, summed over the slots (protocol: packets):");
        for (Map.Entry<Integer, Long> c : counts.getFirst().entrySet()) {
            out.printf("    %3d %-6s %d%n", c.getKey(), protocolName(c.getKey()), c.getValue());
        }
        boolean agree = counts.stream().distinct().count() == 1 && results.stream().distinct().count() == 1;

        out.println();
        out.println("== 3. A packet classifier in the LLVM dialect, assembled and disassembled as bpftool prints it");
        InsnSeq program = Assembler.of(Dialect.LLVM).assemble(resource("demo/ip_proto.s"));
        out.print(Disassembler.xlated().render(program));
        out.println("  run by " + names(engines) + ": r0 = the IP protocol");
        List<ExecutionEngine.LoadedCode> loaded = new ArrayList<>();
        for (ExecutionEngine e : engines) {
            loaded.add(e.load(program, HelperTable.empty()));
        }
        try (TenantMemory memory = TenantMemory.allocate("demo", 1 << 20)) {
            ExecContext ctx = new ExecContext(memory, 0);
            Region buffer = memory.allocate("packet", 2048, 64, true);
            for (Map.Entry<String, byte[]> frame : frames.entrySet()) {
                byte[] bytes = frame.getValue();
                StringBuilder line = new StringBuilder(String.format("  %-22s %3d bytes ", frame.getKey(), bytes.length));
                Long first = null;
                for (int i = 0; i < loaded.size(); i++) {
                    memory.write(buffer.address(), bytes);
                    Region packet = new Region("packet", buffer.address(), bytes.length, true);
                    long r0 = loaded.get(i).run(ctx.reset().packet(packet), packet.address(), bytes.length);
                    line.append(String.format("  %s: r0 = %-3d", engines.get(i).name(), r0));
                    if (first == null) {
                        first = r0;
                    } else if (first != r0) {
                        agree = false;
                    }
                }
                out.println(line.toString().stripTrailing());
            }
        }
        if (engines.size() > 1) {
            out.println();
            out.println(agree ? "The engines agree on every frame and every count." : "THE ENGINES DISAGREE");
        }
        return agree ? ExitCode.OK : ExitCode.FAILED;
    }

    /// Runs the XDP program over `frames` in a fresh tenant (alternating two execution
    /// slots), collects its return values, and returns its counters summed over the slots.
    private static Map<Integer, Long> runXdp(ExecutionEngine engine, CollectionSpec spec, ProgramSpec prog,
            Map<String, byte[]> frames, List<Long> actions) {
        try (TenantMemory memory = TenantMemory.allocate("demo-" + engine.name(), 4 << 20)) {
            MapRegistry registry = new MapRegistry(memory, 2);
            List<BpfMap> maps = registry.createAll(spec.maps());
            InsnSeq bound = XdpContext.rewriter().rewrite(MapBinder.bind(prog.insns(), maps, registry));
            ExecutionEngine.LoadedCode code = engine.load(bound, LinuxHelpers.table(registry, new TraceLog()));
            Region ctxRegion = XdpContext.allocate(memory);
            Region buffer = memory.allocate("packet", 2048, 64, true);
            ExecContext[] slots = {new ExecContext(memory, 0).allowPermanently(registry.programRegions()),
                new ExecContext(memory, 1).allowPermanently(registry.programRegions())};
            int i = 0;
            for (byte[] frame : frames.values()) {
                Region data = new Region("packet data", buffer.address(), frame.length, true);
                memory.write(data.address(), frame);
                XdpContext.fill(memory, ctxRegion, data, 1, 0);
                actions.add(code.run(slots[i++ % 2].reset().allow(ctxRegion).allow(data), ctxRegion.address()));
            }
            PerSlotArrayMap rxcnt = (PerSlotArrayMap) registry.byName("rxcnt").orElseThrow();
            Map<Integer, Long> counts = new TreeMap<>();
            for (int proto = 0; proto < 256; proto++) {
                byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(proto).array();
                long sum = 0;
                for (byte[] v : rxcnt.lookupPerSlot(key).orElseThrow()) {
                    sum += ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong();
                }
                if (sum != 0) {
                    counts.put(proto, sum);
                }
            }
            return counts;
        }
    }

    private static String protocolName(int proto) {
        return switch (proto) {
            case 0 -> "(none)";
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            default -> "";
        };
    }

    private static String names(List<ExecutionEngine> engines) {
        return String.join(" and ", engines.stream().map(ExecutionEngine::name).toList());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /// Frames of several kinds: TCP, UDP and ICMP over IPv4, TCP over IPv6, VLAN-tagged UDP,
    /// ARP and a truncated one.
    static Map<String, byte[]> frames() {
        HexFormat hex = HexFormat.of();
        String eth = "ffffffffffff" + "020000000001";
        String tcp = "d43100500000000000000000a002721000000000";
        String udp = "d4310035000c0000";
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("tcp/ipv4", hex.parseHex(eth + "0800" + ipv4(6) + tcp));
        f.put("udp/ipv4", hex.parseHex(eth + "0800" + ipv4(17) + udp));
        f.put("icmp/ipv4", hex.parseHex(eth + "0800" + ipv4(1) + "0800f7ff00000000"));
        f.put("tcp/ipv6", hex.parseHex(eth + "86dd" + "6000000000140640" + "fe80".repeat(8) + "fe81".repeat(8) + tcp));
        f.put("udp/ipv4 in vlan 42", hex.parseHex(eth + "8100002a" + "0800" + ipv4(17) + udp));
        f.put("arp", hex.parseHex(eth + "0806" + "0001080006040001020000000001c0a80001000000000000c0a800c7"));
        f.put("truncated ipv4", hex.parseHex(eth + "0800" + "45000014"));
        return f;
    }

    /// An IPv4 header (no options) carrying protocol `proto`, in hex.
    private static String ipv4(int proto) {
        return "4500003c1c46400040" + String.format("%02x", proto) + "0000c0a80001c0a800c7";
    }
}
