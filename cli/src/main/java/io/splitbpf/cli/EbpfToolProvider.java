package io.splitbpf.cli;

import java.io.PrintWriter;
import java.util.spi.ToolProvider;

/// `ebpf` as a [ToolProvider], for the shell and for Java programs that run it in-process.
public final class EbpfToolProvider implements ToolProvider {
    @Override
    public String name() {
        return "ebpf";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        return EbpfCommand.run(out, err, args);
    }
}
