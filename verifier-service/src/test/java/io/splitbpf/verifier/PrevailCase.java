package io.splitbpf.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/// One test case of PREVAIL's YAML format (`../shared/verifier-cases/test-schema.yaml`).
///
/// @param file the YAML file's name, e.g. `add.yaml`
/// @param name the `test-case` name; a name repeated within a file gets ` #2`, ` #3`, ...
///        so that every case has a unique key
/// @param options the analysis options, e.g. `termination`, `!allow_division_by_zero`
/// @param pre the constraints of the entry state
/// @param blocks the code: label (without angle brackets) to its lines, in file order
/// @param post the constraints PREVAIL computes at the exit
/// @param messages the findings PREVAIL reports
/// @param observe extra checks (`at`, `point`, `mode`, `constraints`), as read
record PrevailCase(String file, String name, List<String> options, List<String> pre,
                   Map<String, List<String>> blocks, List<String> post, List<String> messages,
                   List<Map<String, Object>> observe) {
    PrevailCase {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
        pre = List.copyOf(pre);
        blocks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
        post = List.copyOf(post);
        messages = List.copyOf(messages);
        observe = List.copyOf(observe);
    }

    /// The key of the differences list and the display name: `file: name`.
    String key() {
        return file + ": " + name;
    }

    /// Every case of every `*.yaml` file in `dir` except the schema, by file name then order.
    static List<PrevailCase> readAll(Path dir) throws IOException {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("test-schema.yaml")).sorted().toList();
        }
        List<PrevailCase> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(read(f));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<PrevailCase> read(Path f) throws IOException {
        List<PrevailCase> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Object doc : new Yaml().loadAll(Files.readString(f))) {
            if (!(doc instanceof Map<?, ?> m)) {
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) m;
            String name = (String) c.get("test-case");
            int n = seen.merge(name, 1, Integer::sum);
            Map<String, List<String>> blocks = new LinkedHashMap<>();
            for (Map.Entry<String, Object> b : ((Map<String, Object>) c.get("code")).entrySet()) {
                String label = b.getKey().replaceAll("^<|>$", "");
                List<String> lines = new ArrayList<>();
                for (String line : String.valueOf(b.getValue() == null ? "" : b.getValue()).split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(line.strip());
                    }
                }
                blocks.put(label, lines);
            }
            out.add(new PrevailCase(f.getFileName().toString(), n == 1 ? name : name + " #" + n, strings(c.get("options")),
                    strings(c.get("pre")), blocks, strings(c.get("post")), strings(c.get("messages")),
                    c.get("observe") == null ? List.of() : (List<Map<String, Object>>) c.get("observe")));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object x : (List<Object>) o) {
            out.add(String.valueOf(x));
        }
        return out;
    }
}
