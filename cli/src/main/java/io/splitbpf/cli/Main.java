package io.splitbpf.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/// The entry point of `bin/ebpf`.
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
        System.exit(EbpfCommand.run(out, err, args));
    }
}
