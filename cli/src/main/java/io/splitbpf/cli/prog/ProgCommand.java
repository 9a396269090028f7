package io.splitbpf.cli.prog;

import picocli.CommandLine.Command;

/// `ebpf prog`: programs on the host, as bpftool's `prog` commands.
@Command(name = "prog", mixinStandardHelpOptions = true,
        description = "Load, show, dump, run and unload programs on the execution host.",
        subcommands = {ProgShowCommand.class, ProgLoadCommand.class, ProgDumpCommand.class, ProgRunCommand.class,
                ProgUnloadCommand.class, ProgTracelogCommand.class})
public final class ProgCommand {
}
