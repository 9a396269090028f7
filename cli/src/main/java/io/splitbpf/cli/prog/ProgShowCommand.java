package io.splitbpf.cli.prog;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.ProgramInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf prog show [id N] [-j|-p]`: the caller's programs on the host, as `bpftool prog show`.
@Command(name = "show", aliases = "list", mixinStandardHelpOptions = true,
        description = "Show the programs loaded on the host (all of the caller's, or one).")
public final class ProgShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROG", arity = "0..*", description = "id N: only that program.")
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
        Integer id = k.atEnd() ? null : k.id("program");
        k.end();
        List<ProgramInfo> programs;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            if (id != null) {
                ProgramInfo one = host.call(c -> c.getProgram(id));
                programs = new ArrayList<>(List.of(one));
            } else {
                programs = new ArrayList<>(host.call(HostService.Client::listPrograms));
            }
        }
        programs.sort(Comparator.comparingInt(ProgramInfo::getId));
        output.printAll(spec.commandLine().getOut(), programs, id != null, ProgramRenderer::json, ProgramRenderer::text);
        return ExitCode.OK;
    }
}
