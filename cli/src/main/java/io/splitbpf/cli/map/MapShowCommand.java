package io.splitbpf.cli.map;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputFormat;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.json.Json;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.MapInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf map show [id N] [-j|-p]`: the caller's maps, as `bpftool map show`.
@Command(name = "show", aliases = "list", mixinStandardHelpOptions = true,
        description = "Show the caller's maps on the host (all, or one).")
public final class MapShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MAP", arity = "0..*", description = "id N: only that map.")
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
        Integer id = k.atEnd() ? null : k.id("map");
        k.end();
        PrintWriter out = spec.commandLine().getOut();
        boolean pretty = output.format() == OutputFormat.PRETTY_JSON;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            if (id != null) {
                MapInfo m = host.call(c -> c.getMap(id));
                if (output.format().isJson()) {
                    out.println(Json.write(MapRenderer.json(m), pretty));
                } else {
                    MapRenderer.text(m, out);
                }
                return ExitCode.OK;
            }
            List<MapInfo> all = new ArrayList<>(host.call(HostService.Client::listMaps));
            all.sort(Comparator.comparingInt(MapInfo::getId));
            if (output.format().isJson()) {
                out.println(Json.write(all.stream().map(MapRenderer::json).toList(), pretty));
            } else {
                all.forEach(m -> MapRenderer.text(m, out));
            }
        }
        return ExitCode.OK;
    }
}
