package io.splitbpf.cli.map;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.MapInfo;
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
        List<MapInfo> maps;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            if (id != null) {
                MapInfo one = host.call(c -> c.getMap(id));
                maps = new ArrayList<>(List.of(one));
            } else {
                maps = new ArrayList<>(host.call(HostService.Client::listMaps));
            }
        }
        maps.sort(Comparator.comparingInt(MapInfo::getId));
        output.printAll(spec.commandLine().getOut(), maps, id != null, MapRenderer::json, MapRenderer::text);
        return ExitCode.OK;
    }
}
