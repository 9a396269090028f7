package io.splitbpf.cli.map;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.HexText;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.MapInfo;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf map getnext id N [key DATA]`: the key after `key`, or the first key without one, as
/// `bpftool map getnext` prints it (`key:` / `next key:`).
@Command(name = "getnext", mixinStandardHelpOptions = true, description = "Print the key that follows a key (or the first).")
public final class MapGetnextCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", arity = "1..*", description = "id N [key [hex] BYTES...]")
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
        byte[] key;
        byte[] next;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            MapInfo info = host.call(c -> c.getMap(id));
            key = k.accept("key") ? DataBytes.read(k, "key", info.getKeySize()) : null;
            k.end();
            byte[] from = key == null ? new byte[0] : key;
            next = DaemonClient.bytes(host.call(c -> c.nextKey(id, ByteBuffer.wrap(from))));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.format().isJson()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("key", key == null ? null : HexText.json(key));
            j.put("next_key", HexText.json(next));
            output.printJson(out, j);
        } else {
            if (key == null) {
                out.println("key: None");
            } else {
                out.println("key:");
                out.println(HexText.bytes(key));
            }
            out.println("next key:");
            out.println(HexText.bytes(next));
        }
        return ExitCode.OK;
    }
}
