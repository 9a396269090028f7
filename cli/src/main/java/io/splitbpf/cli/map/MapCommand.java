package io.splitbpf.cli.map;

import picocli.CommandLine.Command;

/// `ebpf map`: maps on the host, as bpftool's `map` commands.
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Show, dump, look up, update, delete and iterate the caller's maps on the host.",
        subcommands = {MapShowCommand.class, MapDumpCommand.class, MapLookupCommand.class, MapUpdateCommand.class,
                MapDeleteCommand.class, MapGetnextCommand.class})
public final class MapCommand {
}
