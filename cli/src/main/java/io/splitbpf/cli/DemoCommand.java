package io.splitbpf.cli;

import io.splitbpf.cli.object.ObjectShowCommand;
import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.asm.Disassembler;
import io.splitbpf.core.elf.ElfObjectReader;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/// `ebpf demo`: what splitbpf does today, end to end, in one run: read a clang-built object,
/// assemble a packet classifier, disassemble it, and run it in a tenant's memory with every
/// engine this build has, over frames of several protocols.
@Command(name = "demo", description = "Show what splitbpf does, end to end, on the project's samples.",
        mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = Path.of(System.getProperty("splitbpf.root", "."));
        Path object = root.resolve("samples/xdp_proto_count.o");

        out.println("== 1. An object built by clang -target bpf -O2 -g: " + root.relativize(object));
        if (Files.isRegularFile(object)) {
            ObjectShowCommand.render(ElfObjectReader.read(object), out);
        } else {
            out.println("(not found: run from the checkout, or set -Dsplitbpf.root)");
        }

        out.println();
        out.println("== 2. A packet classifier in the LLVM dialect, assembled and disassembled as bpftool prints it");
        String source = resource("demo/ip_proto.s");
        InsnSeq program = Assembler.of(Dialect.LLVM).assemble(source);
        out.print(Disassembler.xlated().render(program));

        out.println();
        List<ExecutionEngine> engines = Engines.available();
        out.println("== 3. Run in a tenant's memory by " + String.join(" and ",
                engines.stream().map(ExecutionEngine::name).toList()) + ": r0 = the IP protocol");
        Map<String, byte[]> frames = frames();
        List<ExecutionEngine.LoadedCode> loaded = new ArrayList<>();
        for (ExecutionEngine e : engines) {
            loaded.add(e.load(program, HelperTable.empty()));
        }
        boolean agree = true;
        try (TenantMemory memory = TenantMemory.allocate("demo", 1 << 20)) {
            ExecContext ctx = new ExecContext(memory, 0);
            Region buffer = memory.allocate("packet", 2048, 64, true);
            for (Map.Entry<String, byte[]> f : frames.entrySet()) {
                byte[] bytes = f.getValue();
                StringBuilder line = new StringBuilder(String.format("  %-22s %3d bytes ", f.getKey(), bytes.length));
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
                out.println(line);
            }
        }
        if (engines.size() > 1) {
            out.println(agree ? "  the engines agree on every frame" : "  THE ENGINES DISAGREE");
        }
        return agree ? ExitCode.OK : ExitCode.FAILED;
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
