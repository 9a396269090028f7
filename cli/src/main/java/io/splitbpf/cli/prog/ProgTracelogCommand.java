package io.splitbpf.cli.prog;

import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.TraceChunk;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/// `ebpf prog tracelog [-f]`: what the caller's programs wrote with `bpf_trace_printk`, in
/// `trace_pipe`'s format; `-f` keeps following it until interrupted.
@Command(name = "tracelog", mixinStandardHelpOptions = true,
        description = "Print the trace log (bpf_trace_printk) of the caller's programs; -f follows it.")
public final class ProgTracelogCommand implements Callable<Integer> {
    private static final int LINES_PER_CALL = 1000;
    private static final long POLL_MILLIS = 250;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Mixin
    ConnectionOptionsMixin connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long offset = 0;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            while (true) {
                long from = offset;
                TraceChunk chunk = host.call(c -> c.traceLog(from, LINES_PER_CALL));
                chunk.getLines().forEach(out::println);
                out.flush();
                offset = chunk.getNextOffset();
                if (chunk.getLinesSize() == LINES_PER_CALL) {
                    continue;
                }
                if (!follow) {
                    return ExitCode.OK;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }
}
