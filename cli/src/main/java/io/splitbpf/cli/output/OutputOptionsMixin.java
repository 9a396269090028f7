package io.splitbpf.cli.output;

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
}
