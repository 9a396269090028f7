package io.splitbpf.cli.daemon;

import picocli.CommandLine.Command;

/// `ebpf daemon`: the verifier and host daemons of a state directory.
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Start, stop and query the verifier and host daemons.",
        subcommands = {DaemonStartCommand.class, DaemonStopCommand.class, DaemonStatusCommand.class})
public final class DaemonCommand {
}
