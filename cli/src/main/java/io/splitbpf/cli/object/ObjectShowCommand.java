package io.splitbpf.cli.object;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.core.json.Json;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.ProgramSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/// `ebpf object show FILE [-j|-p]`: the programs (name, section, type, instructions), the maps
/// (name, type, key and value size, entries, flags) and the license of an object.
@Command(name = "show", description = "Show the programs, maps and license of an object file.",
        mixinStandardHelpOptions = true)
public final class ObjectShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The object file.")
    Path file;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        CollectionSpec object = ElfObjectReader.read(file);
        PrintWriter out = spec.commandLine().getOut();
        if (output.format().isJson()) {
            out.println(Json.write(toJson(object), output.format() == io.splitbpf.cli.output.OutputFormat.PRETTY_JSON));
        } else {
            render(object, out);
        }
        return ExitCode.OK;
    }

    /// The text form: one line for the object, one per program and one per map.
    public static void render(CollectionSpec object, PrintWriter out) {
        out.printf("object %s  license \"%s\"%s%n", object.name(), object.license(),
                object.kernelVersion().isPresent() ? "  version 0x" + Long.toHexString(object.kernelVersion().getAsLong()) : "");
        for (ProgramSpec p : object.programs()) {
            out.printf("prog  %s  section %s  type %s%s  insns %d%n", p.name(), p.sectionName(), p.type().bpftoolName(),
                    p.attachType().map(a -> "  attach " + a.bpftoolName()).orElse(""), p.insns().size());
        }
        for (MapSpec m : object.maps()) {
            out.printf("map   %s  type %s  key %dB  value %dB  max_entries %d  flags 0x%x%s%n", m.name(),
                    m.type().bpftoolName(), m.keySize(), m.valueSize(), m.maxEntries(), m.flags(),
                    m.innerMap().map(i -> "  inner " + i.type().bpftoolName()).orElse(""));
        }
    }

    static Map<String, Object> toJson(CollectionSpec object) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", object.name());
        o.put("license", object.license());
        if (object.kernelVersion().isPresent()) {
            o.put("version", object.kernelVersion().getAsLong());
        }
        List<Object> progs = new ArrayList<>();
        for (ProgramSpec p : object.programs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", p.name());
            j.put("section", p.sectionName());
            j.put("type", p.type().bpftoolName());
            p.attachType().ifPresent(a -> j.put("attach_type", a.bpftoolName()));
            j.put("insns", p.insns().size());
            j.put("xlated_size", p.insns().slotCount() * 8);
            List<Object> maps = new ArrayList<>();
            for (int idx : p.mapIndices()) {
                maps.add(object.maps().get(idx).name());
            }
            j.put("maps", maps);
            progs.add(j);
        }
        o.put("programs", progs);
        List<Object> maps = new ArrayList<>();
        for (MapSpec m : object.maps()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", m.name());
            j.put("type", m.type().bpftoolName());
            j.put("bytes_key", m.keySize());
            j.put("bytes_value", m.valueSize());
            j.put("max_entries", m.maxEntries());
            j.put("flags", m.flags());
            m.innerMap().ifPresent(i -> j.put("inner_map_type", i.type().bpftoolName()));
            maps.add(j);
        }
        o.put("maps", maps);
        return o;
    }
}
