package io.splitbpf.cli.artifact;

import picocli.CommandLine.Command;

/// `ebpf artifact`: signed artifacts as files.
@Command(name = "artifact", mixinStandardHelpOptions = true,
        description = "Have an object's program verified and signed into a file, or show what an artifact holds.",
        subcommands = {ArtifactSignCommand.class, ArtifactShowCommand.class})
public final class ArtifactCommand {
}
