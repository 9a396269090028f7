package io.splitbpf.cli.output;

import io.splitbpf.core.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.Option;

/// `-j` (JSON) and `-p` (pretty JSON), as bpftool takes them.
public final class OutputOptionsMixin {
    @Option(names = {"-j", "--json"}, description = "Print JSON (one object).")
    boolean json;

    @Option(names = {"-p", "--pretty"}, description = "Print pretty JSON.")
    boolean pretty;

    /// The format the options chose.
    public OutputFormat format() {
        return pretty ? OutputFormat.PRETTY_JSON : json ? OutputFormat.JSON : OutputFormat.TEXT;
    }

    /// Prints `value` as JSON in the chosen compactness, on one line or pretty.
    public void printJson(PrintWriter out, Object value) {
        out.println(Json.write(value, format() == OutputFormat.PRETTY_JSON));
    }

    /// Prints objects as `show` commands do: in text each by `text`; in JSON an array of `json`
    /// forms, or the one object alone when `single` (bpftool's `show id N`).
    public <T> void printAll(PrintWriter out, List<T> items, boolean single, Function<T, Map<String, Object>> json,
                             BiConsumer<T, PrintWriter> text) {
        if (!format().isJson()) {
            items.forEach(i -> text.accept(i, out));
        } else if (single && items.size() == 1) {
            printJson(out, json.apply(items.getFirst()));
        } else {
            printJson(out, items.stream().map(json).toList());
        }
    }
}
