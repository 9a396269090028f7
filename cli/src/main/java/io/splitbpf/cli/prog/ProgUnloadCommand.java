package io.splitbpf.cli.prog;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.ProgramInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf prog unload id N`: removes a program from the host (its maps go when no program uses
/// them any more).
@Command(name = "unload", mixinStandardHelpOptions = true, description = "Unload a program from the host.")
public final class ProgUnloadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROG", arity = "1..*", description = "id N")
    List<String> words = new ArrayList<>();

    @Mixin
    ConnectionOptionsMixin connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Keywords k = new Keywords(spec.commandLine(), words);
        int id = k.id("program");
        k.end();
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            ProgramInfo p = host.call(c -> c.getProgram(id));
            host.run(c -> {
                c.unload(id);
                return null;
            });
            spec.commandLine().getOut().printf("unloaded program %d (%s)%n", id, p.getName());
        }
        return ExitCode.OK;
    }
}
