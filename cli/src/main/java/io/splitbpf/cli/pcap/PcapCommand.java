package io.splitbpf.cli.pcap;

import picocli.CommandLine.Command;

/// `ebpf pcap`: the project's own traffic captures.
@Command(name = "pcap", mixinStandardHelpOptions = true,
        description = "Generate deterministic packet captures, or summarise one.",
        subcommands = {PcapGenerateCommand.class, PcapShowCommand.class})
public final class PcapCommand {
}
