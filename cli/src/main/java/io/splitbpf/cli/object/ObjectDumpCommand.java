package io.splitbpf.cli.object;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.core.json.Json;
import io.splitbpf.cli.output.OutputFormat;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.asm.Disassembler;
import io.splitbpf.core.asm.MapNames;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.ProgramSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/// `ebpf object dump FILE [--program NAME]`: the disassembly of an object's programs as
/// `bpftool prog dump xlated` prints it, with the source lines from BTF line info interleaved.
@Command(name = "dump", description = "Disassemble the programs of an object file, with source lines.",
        mixinStandardHelpOptions = true)
public final class ObjectDumpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The object file.")
    Path file;

    @Option(names = "--program", paramLabel = "NAME", description = "Only the program called NAME.")
    String program;

    @Option(names = "--no-source", description = "Leave out the source lines.")
    boolean noSource;

    @Option(names = "--linum", description = "Add file:line to each source line.")
    boolean linum;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CollectionSpec object = ElfObjectReader.read(file);
        List<ProgramSpec> programs = object.programs();
        if (program != null) {
            programs = object.program(program).map(List::of).orElse(List.of());
            if (programs.isEmpty()) {
                spec.commandLine().getErr().println("error: " + object.name() + ": no program '" + program
                        + "' (programs: " + String.join(", ", object.programs().stream().map(ProgramSpec::name).toList())
                        + ")");
                return ExitCode.BAD_INPUT;
            }
        }
        List<String> mapNames = object.maps().stream().map(MapSpec::name).toList();
        Disassembler dis = Disassembler.xlated().withMaps(MapNames.of(mapNames)).withSourceLines(noSource
                ? Disassembler.SourceLines.NONE
                : linum ? Disassembler.SourceLines.TEXT_AND_FILE_LINE : Disassembler.SourceLines.TEXT);
        PrintWriter out = spec.commandLine().getOut();
        if (output.format().isJson()) {
            List<Object> progs = new ArrayList<>();
            Disassembler plain = Disassembler.plain().withMaps(MapNames.of(mapNames));
            for (ProgramSpec p : programs) {
                List<Object> insns = new ArrayList<>();
                for (LabeledInsn li : p.insns().insns()) {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("pc", li.pc());
                    j.put("disasm", plain.text(li.insn()));
                    li.loc().ifPresent(loc -> {
                        j.put("file", loc.file());
                        j.put("line_num", loc.line());
                        j.put("line_col", loc.column());
                        j.put("src", loc.text());
                    });
                    insns.add(j);
                }
                Map<String, Object> pj = new LinkedHashMap<>();
                pj.put("name", p.name());
                pj.put("section", p.sectionName());
                pj.put("insns", insns);
                progs.add(pj);
            }
            out.println(Json.write(progs, output.format() == OutputFormat.PRETTY_JSON));
            return ExitCode.OK;
        }
        boolean first = true;
        for (ProgramSpec p : programs) {
            if (!first) {
                out.println();
            }
            first = false;
            out.printf("%s:  section %s  type %s  %d insns%n", p.name(), p.sectionName(), p.type().bpftoolName(),
                    p.insns().size());
            out.print(dis.render(p.insns()));
        }
        return ExitCode.OK;
    }
}
