package io.splitbpf.cli.artifact;

import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.Errors;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.Daemon;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.InputFiles;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.AdmissionVerdict;
import io.splitbpf.core.thrift.HostService;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf artifact show FILE [-j|-p]`: what a signed artifact holds (tenant, program, type,
/// maps, helpers, digests, verifier version and options, facts, validity, signer) and whether
/// this host would admit it for the caller: the running host answers (`checkArtifact`), or,
/// when none runs, [LocalAdmissionCheck] against the state directory's `host/anchors`.
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show what a signed artifact holds and whether the host would admit it.")
public final class ArtifactShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The signed artifact.")
    Path file;

    @Mixin
    ConnectionOptionsMixin connection;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] bytes = InputFiles.read(file);
        ArtifactInspection a = ArtifactInspection.of(bytes, file.toString());
        ArtifactRenderer.Admission admission = admission(bytes);
        if (output.format().isJson()) {
            output.printJson(spec.commandLine().getOut(), ArtifactRenderer.json(file.toString(), bytes.length, a, admission));
        } else {
            ArtifactRenderer.text(file.toString(), bytes.length, a, admission, spec.commandLine().getOut());
        }
        return ExitCode.OK;
    }

    private ArtifactRenderer.Admission admission(byte[] bytes) {
        StateLayout state = connection.layout();
        try {
            if (Daemon.HOST.endpoint(state).isPresent()) {
                try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
                    AdmissionVerdict v = host.call(c -> c.checkArtifact(ByteBuffer.wrap(bytes)));
                    return new ArtifactRenderer.Admission("asked the host at " + DaemonClient.text(host.address())
                            + " for " + connection.identity(), v);
                }
            }
        } catch (IOException | CommandException e) {
            // no host to ask: decide locally below
        }
        Path anchors = state.hostAnchors();
        if (!Files.isDirectory(anchors)) {
            throw CommandException.failed("cannot tell whether the host would admit " + file + ": no host runs and "
                    + anchors + " does not exist (see --state)");
        }
        try {
            return new ArtifactRenderer.Admission("no host running: checked locally against " + anchors + " for "
                    + connection.identity(), LocalAdmissionCheck.check(anchors, bytes, connection.identity(),
                    Clock.systemUTC()));
        } catch (IOException e) {
            throw new CommandException(ExitCode.FAILED, "cannot read the host's trust anchors: " + Errors.oneLine(e), e);
        }
    }
}
