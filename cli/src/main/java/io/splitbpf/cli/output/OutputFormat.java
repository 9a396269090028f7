package io.splitbpf.cli.output;

/// How a command prints its result.
public enum OutputFormat {
    TEXT, JSON, PRETTY_JSON;

    public boolean isJson() {
        return this != TEXT;
    }
}
