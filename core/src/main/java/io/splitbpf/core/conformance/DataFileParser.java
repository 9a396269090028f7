package io.splitbpf.core.conformance;

import io.splitbpf.core.BpfFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/// Splits a `.data` file into sections (`lib/src/bpf_test_parser.cc` rules: strip `\r` and
/// `#` comments, a line starting with `--` opens a section, blank lines ignored) and builds
/// the [DataFile].
final class DataFileParser {
    private record Section(String name, Optional<String> file, int firstLine, List<String> lines) {}

    private final String name;
    private final Path dir;

    DataFileParser(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    DataFile parse(String text) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("\r", "");
            if (line.strip().startsWith("--")) {
                current = header(line.strip().substring(2).strip(), i + 1);
                sections.putIfAbsent(current.name(), current);
                current = sections.get(current.name());
                continue;
            }
            int hash = line.indexOf('#');
            String code = hash >= 0 ? line.substring(0, hash) : line;
            if (current != null && current.name().equals("asm") && current.file().isEmpty()) {
                current.lines().add(line); // every line, so that line numbers stay those of the file
            } else if (current != null && !code.isBlank()) {
                current.lines().add(code);
            }
        }
        return build(sections);
    }

    private static Section header(String text, int line) {
        int at = text.indexOf('@');
        if (at >= 0) {
            return new Section(text.substring(0, at).strip(), Optional.of(text.substring(at + 1).strip()), line,
                    new ArrayList<>());
        }
        return new Section(text, Optional.empty(), line, new ArrayList<>());
    }

    private DataFile build(Map<String, Section> sections) {
        Optional<String> asm = Optional.empty();
        DataFile.AsmSource asmSource = new DataFile.AsmSource(name, 0);
        Section asmSection = sections.get("asm");
        if (asmSection != null) {
            if (asmSection.file().isPresent()) {
                asm = Optional.of(companion(asmSection.file().get()));
                asmSource = new DataFile.AsmSource(asmSection.file().get(), 0);
            } else {
                asm = Optional.of(String.join("\n", asmSection.lines()));
                asmSource = new DataFile.AsmSource(name, asmSection.firstLine());
            }
        }
        Optional<List<Long>> raw = Optional.ofNullable(sections.get("raw")).map(this::raw);
        Optional<byte[]> mem = Optional.ofNullable(sections.get("mem")).map(this::mem);
        Optional<Long> result = last(sections.get("result")).map(this::result);
        Optional<String> error = Optional.ofNullable(sections.get("error")).map(s -> last(s).orElse(""));
        Optional<String> errorPattern = last(sections.get("error pattern"));
        Optional<String> noJit = Optional.ofNullable(sections.get("no jit")).map(s -> String.join(" ", s.lines()).strip());
        TreeSet<String> unsupported = new TreeSet<>();
        for (String directive : sections.keySet()) {
            if (!DataFile.isKnown(directive)) {
                unsupported.add(directive);
            }
        }
        return new DataFile(name, asm, asmSource, raw, mem, result, error, errorPattern, noJit,
                List.copyOf(sections.keySet()), unsupported);
    }

    private String companion(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": read " + file, e);
        }
    }

    private List<Long> raw(Section s) {
        List<Long> words = new ArrayList<>();
        for (String line : s.lines()) {
            try {
                words.addAll(DataFile.rawWords(line));
            } catch (NumberFormatException e) {
                throw new BpfFormatException(name + ": -- raw: not an instruction word: " + line.strip());
            }
        }
        return words;
    }

    private byte[] mem(Section s) {
        List<String> lines = s.lines();
        if (s.file().isPresent()) {
            lines = List.of(companion(s.file().get()).split("\n"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            for (String token : line.strip().split("\\s+")) {
                if (token.isEmpty() || token.endsWith(":")) {
                    continue; // empty line or a hex dump's offset column
                }
                if (token.length() % 2 != 0 || !token.matches("[0-9a-fA-F]+")) {
                    throw new BpfFormatException(name + ": -- mem: not hex bytes: " + token);
                }
                for (int i = 0; i < token.length(); i += 2) {
                    out.write(Integer.parseInt(token.substring(i, i + 2), 16));
                }
            }
        }
        return out.toByteArray();
    }

    private long result(String text) {
        String t = text.strip();
        try {
            return t.contains("0x") ? Long.parseUnsignedLong(t.substring(t.indexOf("0x") + 2), 16) : DataFile.parseU64(t);
        } catch (NumberFormatException e) {
            throw new BpfFormatException(name + ": -- result: not a number: " + t);
        }
    }

    private static Optional<String> last(Section s) {
        if (s == null) {
            return Optional.empty();
        }
        for (int i = s.lines().size() - 1; i >= 0; i--) {
            if (!s.lines().get(i).isBlank()) {
                return Optional.of(s.lines().get(i).strip());
            }
        }
        return Optional.empty();
    }
}
