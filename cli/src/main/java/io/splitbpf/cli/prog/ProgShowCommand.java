package io.splitbpf.cli.prog;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputFormat;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.json.Json;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.ProgramInfo;
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
        PrintWriter out = spec.commandLine().getOut();
        boolean pretty = output.format() == OutputFormat.PRETTY_JSON;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            if (id != null) {
                ProgramInfo p = host.call(c -> c.getProgram(id));
                if (output.format().isJson()) {
                    out.println(Json.write(ProgramRenderer.json(p), pretty));
                } else {
                    ProgramRenderer.text(p, out);
                }
                return ExitCode.OK;
            }
            List<ProgramInfo> all = new ArrayList<>(host.call(HostService.Client::listPrograms));
            all.sort(Comparator.comparingInt(ProgramInfo::getId));
            if (output.format().isJson()) {
                out.println(Json.write(all.stream().map(ProgramRenderer::json).toList(), pretty));
            } else {
                all.forEach(p -> ProgramRenderer.text(p, out));
            }
        }
        return ExitCode.OK;
    }
}
