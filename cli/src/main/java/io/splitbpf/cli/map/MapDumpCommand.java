package io.splitbpf.cli.map;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.MapEntry;
import io.splitbpf.core.thrift.MapInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf map dump id N [-j|-p]`: every entry, as `bpftool map dump`, ending with `Found N
/// elements`.
@Command(name = "dump", mixinStandardHelpOptions = true, description = "Print every entry of a map.")
public final class MapDumpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MAP", arity = "1..*", description = "id N")
    List<String> words = new ArrayList<>();

    @Mixin
    ConnectionOptionsMixin connection;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Keywords k = new Keywords(spec.commandLine(), words);
        int id = k.id("map");
        k.end();
        MapInfo info;
        List<MapEntry> entries;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            info = host.call(c -> c.getMap(id));
            entries = host.call(c -> c.dumpMap(id));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.format().isJson()) {
            output.printJson(out, entries.stream().map(e -> MapRenderer.json(info, e)).toList());
        } else {
            entries.forEach(e -> MapRenderer.entry(info, e, out));
            out.printf("Found %d element%s%n", entries.size(), entries.size() == 1 ? "" : "s");
        }
        return ExitCode.OK;
    }
}
