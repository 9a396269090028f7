package io.splitbpf.cli.prog;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.artifact.ArtifactInspection;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.artifact.ArtifactContents;
import io.splitbpf.core.artifact.ArtifactFormatException;
import io.splitbpf.core.asm.Disassembler;
import io.splitbpf.core.asm.MapNames;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.ProgramInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf prog dump xlated id N [--linum] [--no-source] [-j|-p]`: the instructions the verifier
/// verified and signed (read back from the host's copy of the artifact), as `bpftool prog dump
/// xlated` prints them, with map references by the host's map ids and the source lines.
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Disassemble a loaded program: the instructions as verified and signed, with source lines.")
public final class ProgDumpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "xlated id N", arity = "1..*", description = "`xlated id N`.")
    List<String> words = new ArrayList<>();

    @Option(names = "--linum", description = "Add file:line to each source line.")
    boolean linum;

    @Option(names = "--no-source", description = "Leave out the source lines.")
    boolean noSource;

    @Mixin
    ConnectionOptionsMixin connection;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Keywords k = new Keywords(spec.commandLine(), words);
        String kind = k.take("xlated");
        if (!kind.equals("xlated")) {
            throw k.error(kind.equals("jited") ? "'dump jited' is not available: the host's JIT emits JVM bytecode, "
                    + "which the JVM compiles further; use 'dump xlated'" : "expected 'xlated', found '" + kind + "'");
        }
        int id = k.id("program");
        k.end();
        ProgramInfo info;
        byte[] artifact;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            info = host.call(c -> c.getProgram(id));
            artifact = DaemonClient.bytes(host.call(c -> c.getArtifact(id)));
        }
        InsnSeq insns;
        try {
            insns = ArtifactContents.program(ArtifactInspection.of(artifact, "program " + id + "'s artifact").content())
                    .program().insns();
        } catch (ArtifactFormatException e) {
            throw CommandException.failed("program " + id + "'s artifact: " + e.getMessage());
        }
        // The artifact numbers its maps 0..n-1 and the host lists their ids in that order, so
        // map i prints as bpftool's `map[id:N]`.
        List<String> mapNames = info.getMapIds().stream().map(m -> "id:" + m).toList();
        Disassembler dis = Disassembler.xlated().withMaps(MapNames.of(mapNames)).withSourceLines(noSource
                ? Disassembler.SourceLines.NONE
                : linum ? Disassembler.SourceLines.TEXT_AND_FILE_LINE : Disassembler.SourceLines.TEXT);
        PrintWriter out = spec.commandLine().getOut();
        if (output.format().isJson()) {
            output.printJson(out, json(insns, dis));
        } else {
            out.print(dis.render(insns));
        }
        return ExitCode.OK;
    }

    /// bpftool's `dump xlated -j`: `[{"disasm":"(b7) r0 = 0", "src": …, "file": …, "line_num": …}]`.
    private static List<Object> json(InsnSeq insns, Disassembler dis) {
        List<Object> rows = new ArrayList<>();
        for (LabeledInsn li : insns.insns()) {
            String line = dis.line(li);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("disasm", line.substring(line.indexOf(": ") + 2));
            li.loc().ifPresent(loc -> {
                j.put("src", loc.text());
                j.put("file", loc.file());
                j.put("line_num", loc.line());
            });
            rows.add(j);
        }
        return rows;
    }
}
