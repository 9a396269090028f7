package io.splitbpf.cli.prog;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.options.InputFiles;
import io.splitbpf.cli.options.Keywords;
import io.splitbpf.cli.output.HexText;
import io.splitbpf.cli.output.OutputOptionsMixin;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.core.thrift.TestRunResponse;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/// `ebpf prog run id N data_in FILE [data_out FILE [data_size_out L]] [ctx_in FILE [ctx_out
/// FILE]] [repeat N]`: one test run with BPF_PROG_TEST_RUN's semantics, printed as `bpftool prog
/// run` prints it (`Return value: 2, duration (average): 120ns`); `-` is standard input or
/// output. `prog run id N --pcap FILE` runs the program once per captured packet instead
/// ([PcapRun]).
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Test-run a program on data (bpftool's syntax), or once per packet of a pcap file.")
public final class ProgRunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", arity = "1..*",
            description = "id N data_in FILE [data_out FILE [data_size_out L]] [ctx_in FILE [ctx_out FILE]] [repeat N]")
    List<String> words = new ArrayList<>();

    @Option(names = "--pcap", paramLabel = "FILE", description = "Run once per packet of this pcap file (Ethernet).")
    Path pcap;

    @Mixin
    ConnectionOptionsMixin connection;

    @Mixin
    OutputOptionsMixin output;

    @Spec
    CommandSpec spec;

    /// The keyword arguments of one test run.
    private record Arguments(int id, Path dataIn, Path dataOut, int dataSizeOut, Path ctxIn, Path ctxOut, int repeat) {}

    @Override
    public Integer call() {
        Keywords k = new Keywords(spec.commandLine(), words);
        int id = k.id("program");
        if (pcap != null) {
            k.end();
            return new PcapRun(connection, output.format(), spec.commandLine().getOut()).run(id, pcap);
        }
        Arguments a = arguments(id, k);
        byte[] data = InputFiles.read(a.dataIn());
        TestRunRequest request = new TestRunRequest(id, ByteBuffer.wrap(data), a.repeat());
        if (a.ctxIn() != null) {
            request.setContextIn(InputFiles.read(a.ctxIn()));
        }
        if (a.dataSizeOut() > 0) {
            request.setDataSizeOut(a.dataSizeOut());
        }
        TestRunResponse r;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            r = host.call(c -> c.testRun(request));
        }
        print(a, r, spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private Arguments arguments(int id, Keywords k) {
        Path dataIn = null;
        Path dataOut = null;
        Path ctxIn = null;
        Path ctxOut = null;
        int dataSizeOut = 0;
        int repeat = 1;
        while (!k.atEnd()) {
            String word = k.take("a keyword");
            switch (word) {
                case "data_in" -> dataIn = Path.of(k.take("FILE after 'data_in'"));
                case "data_out" -> dataOut = Path.of(k.take("FILE after 'data_out'"));
                case "data_size_out" -> dataSizeOut = (int) k.number("data_size_out", 1 << 20);
                case "ctx_in" -> ctxIn = Path.of(k.take("FILE after 'ctx_in'"));
                case "ctx_out" -> ctxOut = Path.of(k.take("FILE after 'ctx_out'"));
                case "repeat" -> repeat = (int) Math.max(1, k.number("repeat", 100_000_000));
                default -> throw k.error("unexpected '" + word + "' (expected data_in, data_out, data_size_out, ctx_in, "
                        + "ctx_out or repeat)");
            }
        }
        if (dataIn == null) {
            throw k.error("missing 'data_in FILE' (or --pcap FILE)");
        }
        if (ctxOut != null && ctxIn == null) {
            throw k.error("'ctx_out' needs 'ctx_in'");
        }
        if ("-".equals(String.valueOf(dataIn)) && "-".equals(String.valueOf(ctxIn))) {
            throw k.error("data_in and ctx_in cannot both read standard input");
        }
        return new Arguments(id, dataIn, dataOut, dataSizeOut, ctxIn, ctxOut, repeat);
    }

    private void print(Arguments a, TestRunResponse r, PrintWriter out) {
        String retval = Integer.toUnsignedString((int) r.getReturnValue());
        if (output.format().isJson()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("retval", Long.parseLong(retval));
            j.put("duration", r.getDurationNs());
            if (isStdout(a.dataOut())) {
                j.put("data_out", HexText.json(r.getDataOut()));
            }
            if (isStdout(a.ctxOut()) && r.isSetContextOut()) {
                j.put("ctx_out", HexText.json(r.getContextOut()));
            }
            writeFiles(a, r);
            output.printJson(out, j);
            return;
        }
        if (isStdout(a.dataOut())) {
            out.print(HexText.dump(r.getDataOut()));
        }
        if (isStdout(a.ctxOut()) && r.isSetContextOut()) {
            out.print(HexText.dump(r.getContextOut()));
        }
        writeFiles(a, r);
        out.printf("Return value: %s, duration%s: %dns%n", retval, a.repeat() > 1 ? " (average)" : "", r.getDurationNs());
    }

    private static void writeFiles(Arguments a, TestRunResponse r) {
        if (a.dataOut() != null && !isStdout(a.dataOut())) {
            InputFiles.write(a.dataOut(), r.getDataOut());
        }
        if (a.ctxOut() != null && !isStdout(a.ctxOut())) {
            if (!r.isSetContextOut()) {
                throw CommandException.failed("the host returned no context for ctx_out " + a.ctxOut());
            }
            InputFiles.write(a.ctxOut(), r.getContextOut());
        }
    }

    private static boolean isStdout(Path p) {
        return p != null && p.toString().equals("-");
    }
}
