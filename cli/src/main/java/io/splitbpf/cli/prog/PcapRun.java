package io.splitbpf.cli.prog;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.Errors;
import io.splitbpf.cli.ExitCode;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.output.OutputFormat;
import io.splitbpf.cli.pcap.Pcap;
import io.splitbpf.cli.pcap.PcapReader;
import io.splitbpf.core.json.Json;
import io.splitbpf.core.thrift.BatchRunResponse;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.ProgramInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/// `prog run id N --pcap FILE`: one test run per captured packet, in batches ([HostService]'s
/// `runBatch`), and the histogram of return values, named for XDP and TC programs.
///
/// Packets shorter than an Ethernet header (14 bytes) cannot be test-run, as in Linux; they
/// are counted and left out.
public final class PcapRun {
    /// Packets per `runBatch` call: far below the frame limit for any Ethernet frame.
    static final int BATCH = 1024;
    private static final int ETH_HLEN = 14;

    private final ConnectionOptionsMixin connection;
    private final OutputFormat format;
    private final PrintWriter out;

    /// The outcome: how many packets ran, were skipped, took how long, and returned what.
    ///
    /// @param type the program's type (bpftool name)
    /// @param packets packets run
    /// @param skipped packets left out (shorter than 14 bytes)
    /// @param totalNs the host's total run time
    /// @param histogram packets per return value
    public record Result(String type, int packets, int skipped, long totalNs, SortedMap<Long, Integer> histogram) {}

    public PcapRun(ConnectionOptionsMixin connection, OutputFormat format, PrintWriter out) {
        this.connection = connection;
        this.format = format;
        this.out = out;
    }

    /// Runs program `id` over `file` and prints the result.
    public int run(int id, Path file) {
        Result r = execute(connection, id, file);
        print(file, r);
        return ExitCode.OK;
    }

    /// Runs program `id` over every packet of `file`.
    public static Result execute(ConnectionOptionsMixin connection, int id, Path file) {
        Pcap pcap;
        try {
            pcap = PcapReader.read(file);
        } catch (IOException e) {
            throw new CommandException(ExitCode.BAD_INPUT, Errors.oneLine(e), e);
        }
        if (pcap.linkType() != Pcap.LINKTYPE_ETHERNET) {
            throw CommandException.badInput(file + ": link type " + pcap.linkType() + " is not Ethernet (1)");
        }
        List<ByteBuffer> packets = new ArrayList<>();
        int skipped = 0;
        for (Pcap.Packet p : pcap.packets()) {
            if (p.data().length < ETH_HLEN) {
                skipped++;
            } else {
                packets.add(ByteBuffer.wrap(p.data()));
            }
        }
        SortedMap<Long, Integer> histogram = new TreeMap<>();
        long total = 0;
        String type;
        try (DaemonClient<HostService.Client> host = DaemonClient.host(connection)) {
            ProgramInfo info = host.call(c -> c.getProgram(id));
            type = info.getType();
            for (int from = 0; from < packets.size(); from += BATCH) {
                List<ByteBuffer> batch = packets.subList(from, Math.min(packets.size(), from + BATCH));
                BatchRunResponse r = host.call(c -> c.runBatch(id, batch));
                if (r.getReturnValuesSize() != batch.size()) {
                    throw CommandException.failed("the host returned " + r.getReturnValuesSize() + " results for "
                            + batch.size() + " packets");
                }
                r.getReturnValues().forEach(v -> histogram.merge(v, 1, Integer::sum));
                total += r.getTotalNs();
            }
        }
        return new Result(type, packets.size(), skipped, total, histogram);
    }

    private void print(Path file, Result r) {
        long average = r.packets() == 0 ? 0 : r.totalNs() / r.packets();
        if (format.isJson()) {
            List<Object> rows = new ArrayList<>();
            r.histogram().forEach((value, n) -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("retval", value);
                ReturnCodes.name(r.type(), value).ifPresent(name -> j.put("action", name));
                j.put("packets", n);
                rows.add(j);
            });
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("packets", r.packets());
            o.put("skipped", r.skipped());
            o.put("duration_total", r.totalNs());
            o.put("duration", average);
            o.put("retvals", rows);
            out.println(Json.write(o, format == OutputFormat.PRETTY_JSON));
            return;
        }
        out.printf("Packets: %d from %s%s, duration (average): %dns, total %dns%n", r.packets(), file,
                r.skipped() > 0 ? " (" + r.skipped() + " shorter than 14 bytes left out)" : "", average, r.totalNs());
        out.printf("%-24s %8s%n", "Return value", "Packets");
        r.histogram().forEach((value, n) -> out.printf("%-24s %8d  %5.1f%%%n", label(r.type(), value), n,
                100.0 * n / Math.max(1, r.packets())));
    }

    /// `XDP_PASS (2)`, or the number alone.
    static String label(String type, long value) {
        String number = String.format(Locale.ROOT, "%d", value);
        return ReturnCodes.name(type, value).map(n -> n + " (" + number + ")").orElse(number);
    }
}
