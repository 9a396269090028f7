package io.splitbpf.cli.pcap;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf pcap show FILE`: how many frames a capture holds and the IP protocols they carry, as
/// `samples/src/xdp_proto_count.c` would count them.
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Summarise a pcap file: frames, truncated frames, and frames per IP protocol.")
public final class PcapShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A classic pcap file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Pcap pcap;
        try {
            pcap = PcapReader.read(file);
        } catch (IOException e) {
            throw new CommandException(ExitCode.BAD_INPUT, io.splitbpf.cli.Errors.oneLine(e), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        long truncated = pcap.packets().stream().filter(Pcap.Packet::truncated).count();
        long bytes = pcap.packets().stream().mapToLong(p -> p.data().length).sum();
        out.printf("%s: %d frames (%d truncated), %d bytes captured, link type %d, snap length %d%n", file,
                pcap.packets().size(), truncated, bytes, pcap.linkType(), pcap.snapLength());
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Pcap.Packet p : pcap.packets()) {
            counts.merge(IpProtocols.of(p.data()), 1, Integer::sum);
        }
        out.println("IP protocol (as xdp_proto_count counts it):");
        counts.forEach((proto, n) -> out.printf("  %3d %-7s %d%n", proto, IpProtocols.name(proto), n));
        return ExitCode.OK;
    }
}
