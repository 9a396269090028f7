package io.splitbpf.verifier.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/// One test case of PREVAIL's YAML format (`../shared/verifier-cases/test-schema.yaml`).
///
/// @param file the YAML file's name, e.g. `add.yaml`
/// @param name the `test-case` name; a name repeated within a file gets ` #2`, ` #3`, ...
///        so that every case has a unique key
/// @param options the analysis options, e.g. `termination`, `!allow_division_by_zero` (and
///        ours, which [CaseOptions] reads)
/// @param pre the constraints of the entry state
/// @param blocks the code: label (without angle brackets) to its lines, in file order
/// @param post the constraints PREVAIL computes at the exit
/// @param messages the findings PREVAIL reports
/// @param observe extra checks (`at`, `point`, `mode`, `constraints`), as read
public record VerifierCase(String file, String name, List<String> options, List<String> pre,
                           Map<String, List<String>> blocks, List<String> post, List<String> messages,
                           List<Map<String, Object>> observe) {
    public VerifierCase {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
        pre = List.copyOf(pre);
        blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
        post = List.copyOf(post);
        messages = List.copyOf(messages);
        observe = List.copyOf(observe);
    }

    /// The key of a differences list and the display name: `file: name`.
    public String key() {
        return file + ": " + name;
    }

    /// Every case of every `*.yaml` file in `dir`, by file name then order.
    ///
    /// @throws IllegalArgumentException naming the file (and the case) when one is malformed
    public static List<VerifierCase> readAll(Path dir) throws IOException {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        List<VerifierCase> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(read(f));
        }
        return out;
    }

    /// The cases of one YAML file, in order. A document that is a JSON schema (it has a
    /// `$schema` key, as PREVAIL's `test-schema.yaml`) holds no case and is skipped.
    ///
    /// @throws IllegalArgumentException naming the file, and the case or YAML position, when
    ///         the file is not YAML or a case lacks a field or has one of the wrong shape
    public static List<VerifierCase> read(Path f) throws IOException {
        String name = f.getFileName().toString();
        List<VerifierCase> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int index = 0;
        try {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(f))) {
                if (doc == null || doc instanceof Map<?, ?> m && m.containsKey("$schema")) {
                    continue;
                }
                index++;
                out.add(parse(name, index, doc, seen));
            }
        } catch (MarkedYAMLException e) {
            // The message names the position; the exception's own text repeats it over lines.
            var at = e.getProblemMark();
            throw new IllegalArgumentException(f + ": not YAML: " + (at == null ? "" : "line " + (at.getLine() + 1)
                    + ", column " + (at.getColumn() + 1) + ": ") + e.getProblem());
        } catch (YAMLException e) {
            throw new IllegalArgumentException(f + ": not YAML: " + e.getMessage().replace('\n', ' '));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static VerifierCase parse(String file, int index, Object doc, Map<String, Integer> seen) {
        if (!(doc instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException("document " + index + " is not a mapping");
        }
        if (!(c.get("test-case") instanceof String name)) {
            throw new IllegalArgumentException("document " + index + ": no 'test-case' name");
        }
        String where = "case '" + name + "'";
        if (!(c.get("code") instanceof Map<?, ?> code) || code.isEmpty()) {
            throw new IllegalArgumentException(where + ": 'code' must be a mapping of labelled blocks");
        }
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        for (Map.Entry<?, ?> b : code.entrySet()) {
            String label = String.valueOf(b.getKey()).replaceAll("^<|>$", "");
            List<String> lines = new ArrayList<>();
            for (String line : String.valueOf(b.getValue() == null ? "" : b.getValue()).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            blocks.put(label, lines);
        }
        int n = seen.merge(name, 1, Integer::sum);
        return new VerifierCase(file, n == 1 ? name : name + " #" + n, strings(where, "options", c.get("options")),
                strings(where, "pre", c.get("pre")), blocks, strings(where, "post", c.get("post")),
                strings(where, "messages", c.get("messages")), observe(where, c.get("observe")));
    }

    private static List<String> strings(String where, String field, Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object x : list) {
            out.add(String.valueOf(x));
        }
        return out;
    }

    private static List<Map<String, Object>> observe(String where, Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ": 'observe' must be a list of mappings");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object x : list) {
            if (!(x instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(where + ": 'observe' must be a list of mappings");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), v));
            out.add(copy);
        }
        return out;
    }
}
