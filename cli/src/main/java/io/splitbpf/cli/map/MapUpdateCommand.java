package io.splitbpf.cli.map;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.MapInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf map update id N key DATA value DATA [any|noexist|exist]`: bpftool's update flags
/// (BPF_ANY 0, BPF_NOEXIST 1, BPF_EXIST 2). A per-CPU map gets the value in every slot.
@Command(name = "update", mixinStandardHelpOptions = true, description = "Create or change an entry of a map.")
public final class MapUpdateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", arity = "1..*",
            description = "id N key [hex] BYTES... value [hex] BYTES... [any|noexist|exist]")
    List<String> words = new ArrayList<>();

    @Mixin
    ConnectionOptionsMixin connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Keywords k = new Keywords(spec.commandLine(), words);
        int id = k.id("map");
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            MapInfo info = host.call(c -> c.getMap(id));
            byte[] key = DataBytes.after(k, "key", info.getKeySize());
            byte[] value = DataBytes.after(k, "value", info.getValueSize());
            long flags = k.accept("any") ? 0 : k.accept("noexist") ? 1 : k.accept("exist") ? 2 : 0;
            k.end();
            host.run(c -> {
                c.update(id, ByteBuffer.wrap(key), List.of(ByteBuffer.wrap(value)), flags);
                return null;
            });
        }
        return ExitCode.OK;
    }
}
