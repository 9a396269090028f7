package io.splitbpf.cli.prog;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.artifact.ArtifactInspection;
import io.splitbpf.cli.artifact.ObjectSigning;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.InputFiles;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.ProgramVerdict;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf prog load OBJ|ARTIFACT [--program NAME] [--section S] [pinned PATH] [--mode M]`.
///
/// An object goes to the verifier service first; if it rejects any selected program, its
/// report is printed and nothing is loaded. Each signed artifact then goes to the host, which
/// admits it or refuses it with a reason. A signed artifact file (anything that is not ELF)
/// goes to the host directly. Either way all programs load, or none: one the host refuses
/// unloads those loaded before it.
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Verify and sign an object's programs, then load them on the host; or load a signed artifact.")
public final class ProgLoadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "An ELF object or a signed artifact, then optionally `pinned PATH`.")
    List<String> words = new ArrayList<>();

    @Option(names = "--program", paramLabel = "NAME", description = "Only the program called NAME (objects).")
    String program;

    @Option(names = "--section", paramLabel = "S", description = "Only the programs of section S (objects).")
    String section;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "jit",
            description = "jit (default) or interpreter (debug builds only).")
    String mode;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "normal",
            description = "How much of a rejection's report to print: normal, informational or verbose.")
    String level;

    @Mixin
    ConnectionOptionsMixin connection;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    /// One artifact to load, and the program name to report it by.
    record Signed(String program, byte[] artifact) {}

    /// What the host made of one artifact.
    record Loaded(String program, LoadResponse response) {}

    @Override
    public Integer call() {
        Keywords k = new Keywords(spec.commandLine(), words);
        Path file = Path.of(k.take("FILE"));
        String pinned = k.accept("pinned") ? k.take("PATH after 'pinned'") : null;
        k.end();
        if (!mode.equals("jit") && !mode.equals("interpreter")) {
            throw CommandException.badInput("--mode '" + mode + "': expected jit or interpreter");
        }
        List<Signed> artifacts = signed(file, InputFiles.read(file));
        if (pinned != null && artifacts.size() > 1) {
            throw CommandException.badInput("pinned PATH names one program, but " + file + " has " + artifacts.size()
                    + "; choose one with --program");
        }
        List<Loaded> loaded = load(artifacts, pinned);
        print(loaded, spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private List<Signed> signed(Path file, byte[] bytes) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!InputFiles.isElf(bytes)) {
            if (program != null || section != null) {
                throw CommandException.badInput(file + " is a signed artifact (not an ELF object): it holds one program, "
                        + "and --program and --section do not apply");
            }
            String program = ArtifactInspection.tryOf(bytes).map(a -> a.content().getProgramName()).orElse(name);
            return List.of(new Signed(program, bytes));
        }
        List<ProgramVerdict> verdicts = ObjectSigning.verify(connection, name, bytes, program, section, level);
        ObjectSigning.requireAccepted(verdicts, name, spec.commandLine().getErr(), "loaded");
        return verdicts.stream().map(v -> new Signed(v.getProgram(), v.getArtifact())).toList();
    }

    private List<Loaded> load(List<Signed> artifacts, String pinned) {
        List<Loaded> loaded = new ArrayList<>();
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            try {
                for (Signed s : artifacts) {
                    LoadRequest request = new LoadRequest(ByteBuffer.wrap(s.artifact()), mode);
                    if (loaded.isEmpty()) {
                        // as bpftool prog load: the pin names the object's first program
                        if (pinned != null) {
                            request.setPinPath(pinned);
                        }
                    } else {
                        // the programs of one object share its maps and fill its prog_arrays,
                        // as libbpf loads an object
                        request.setShareMapsOf(loaded.getFirst().response().getProgramId());
                    }
                    loaded.add(new Loaded(s.program(), host.call(c -> c.load(request))));
                }
            } catch (CommandException e) {
                for (Loaded l : loaded) {
                    host.run(c -> {
                        c.unload(l.response().getProgramId());
                        return null;
                    });
                }
                if (loaded.isEmpty()) {
                    throw e;
                }
                throw new CommandException(e.exitCode(), e.getMessage() + " (unloaded the " + loaded.size()
                        + " program(s) loaded before it)", e);
            }
        }
        return loaded;
    }

    private void print(List<Loaded> loaded, PrintWriter out) {
        if (output.format().isJson()) {
            List<Object> rows = new ArrayList<>();
            for (Loaded l : loaded) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("id", l.response().getProgramId());
                j.put("name", l.program());
                j.put("map_ids", List.copyOf(l.response().getMapIds()));
                rows.add(j);
            }
            output.printJson(out, rows);
            return;
        }
        for (Loaded l : loaded) {
            List<Integer> maps = l.response().getMapIds();
            out.printf("loaded program %s as id %d (%s)%n", l.program(), l.response().getProgramId(), maps.isEmpty()
                    ? "no maps" : "map_ids " + maps.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }
}
