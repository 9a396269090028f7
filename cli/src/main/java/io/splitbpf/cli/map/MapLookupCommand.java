package io.splitbpf.cli.map;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.MapEntry;
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

/// `ebpf map lookup id N key DATA`: one entry, printed as `map dump` prints it.
@Command(name = "lookup", mixinStandardHelpOptions = true, description = "Look up a key in a map.")
public final class MapLookupCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", arity = "1..*", description = "id N key [hex] BYTES...")
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
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            MapInfo info = host.call(c -> c.getMap(id));
            byte[] key = DataBytes.after(k, "key", info.getKeySize());
            k.end();
            MapEntry e = host.call(c -> c.lookup(id, ByteBuffer.wrap(key)));
            if (output.format().isJson()) {
                output.printJson(spec.commandLine().getOut(), MapRenderer.json(info, e));
            } else {
                MapRenderer.entry(info, e, spec.commandLine().getOut());
            }
        }
        return ExitCode.OK;
    }
}
