package io.splitbpf.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/// The training run of the CLI's AOT cache (`bin/splitbpf-aot-cache`): runs several `ebpf`
/// command lines, separated by `;` arguments, in this one JVM, since the cache holds what one
/// JVM loaded and profiled. Their output is discarded; each one's exit code is printed.
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) {
        List<String> command = new ArrayList<>();
        for (String a : args) {
            if (a.equals(";")) {
                run(command);
                command.clear();
            } else {
                command.add(a);
            }
        }
        run(command);
    }

    private static void run(List<String> command) {
        if (command.isEmpty()) {
            return;
        }
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        int code = EbpfCommand.run(sink, sink, command.toArray(String[]::new));
        System.out.println("ebpf " + String.join(" ", command) + ": exit " + code);
    }
}
