package io.splitbpf.cli.pcap;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `ebpf pcap generate -o FILE [--count N] [--seed S]`: a deterministic mix of traffic (see
/// [TrafficGenerator]) as classic pcap. `samples/traffic/mixed.pcap` is its output with the
/// defaults.
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a deterministic mix of TCP, UDP, ICMP, IPv6, VLAN-tagged, ARP and truncated frames as "
                + "classic pcap (Ethernet).")
public final class PcapGenerateCommand implements Callable<Integer> {
    /// The defaults `samples/traffic/mixed.pcap` was made with.
    public static final int DEFAULT_COUNT = 1000;
    public static final long DEFAULT_SEED = 1;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The file to write.")
    Path output;

    @Option(names = "--count", paramLabel = "N", defaultValue = "" + DEFAULT_COUNT,
            description = "How many frames; default ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + DEFAULT_SEED,
            description = "The seed; the same seed and count give the same file. Default ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > 10_000_000) {
            throw CommandException.badInput("--count " + count + ": expected 1 to 10000000");
        }
        Pcap pcap = TrafficGenerator.generate(seed, count);
        byte[] bytes = PcapWriter.write(pcap);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw CommandException.badInput(output + ": folder " + parent + " does not exist");
        }
        Files.write(output, bytes);
        long truncated = pcap.packets().stream().filter(Pcap.Packet::truncated).count();
        spec.commandLine().getOut().printf("wrote %s: %d frames (%d truncated), %d bytes, seed %d%n", output, count,
                truncated, bytes.length, seed);
        return ExitCode.OK;
    }
}
