package io.splitbpf.cli.artifact;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.InputFiles;
import io.splitbpf.core.thrift.ProgramVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf artifact sign OBJ [--program NAME] [--section S] -o FILE`: the verifier service
/// verifies one program of the object and signs it for the caller; the artifact is saved, not
/// loaded (`prog load FILE` loads it).
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Have one program of an object verified and signed, and save the artifact.")
public final class ArtifactSignCommand implements Callable<Integer> {
    @Parameters(paramLabel = "OBJ", description = "The ELF object.")
    Path object;

    @Option(names = "--program", paramLabel = "NAME", description = "The program (needed when the object has several).")
    String program;

    @Option(names = "--section", paramLabel = "S", description = "Only the programs of section S.")
    String section;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "Where to save the artifact.")
    Path output;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "normal",
            description = "How much of a rejection's report to print: normal, informational or verbose.")
    String level;

    @Mixin
    ConnectionOptionsMixin connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] bytes = InputFiles.read(object);
        if (!InputFiles.isElf(bytes)) {
            throw CommandException.badInput(object + ": not an ELF object");
        }
        String name = object.getFileName().toString();
        List<ProgramVerdict> verdicts = ObjectSigning.verify(connection, name, bytes, program, section, level);
        if (verdicts.size() > 1) {
            throw CommandException.badInput(name + " has " + verdicts.size() + " programs ("
                    + String.join(", ", verdicts.stream().map(ProgramVerdict::getProgram).toList())
                    + "); choose one with --program");
        }
        ObjectSigning.requireAccepted(verdicts, name, spec.commandLine().getErr(), "signed");
        ProgramVerdict v = verdicts.getFirst();
        InputFiles.write(output, v.getArtifact());
        spec.commandLine().getOut().printf("signed program %s of %s for %s: %s (%d bytes)%n", v.getProgram(), name,
                connection.identity(), output, v.getArtifact().length);
        return ExitCode.OK;
    }
}
