package io.splitbpf.cli;

import io.splitbpf.certs.ca.KeyAlgorithm;
import io.splitbpf.certs.state.Pki;
import io.splitbpf.certs.state.StateLayout;
import io.splitbpf.cli.artifact.ArtifactInspection;
import io.splitbpf.cli.daemon.Daemon;
import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.daemon.DaemonLauncher;
import io.splitbpf.cli.options.ConnectionOptionsMixin;
import io.splitbpf.cli.pcap.IpProtocols;
import io.splitbpf.cli.pcap.Pcap;
import io.splitbpf.cli.pcap.PcapReader;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.MapEntry;
import io.splitbpf.core.thrift.MapInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/// `ebpf demo`: the trust split end to end, in a temporary state directory. Both daemons
/// start; `samples/xdp_proto_count.o` is verified and signed by the verifier service, admitted
/// and JIT-compiled by the host, and run over every packet of `samples/traffic/mixed.pcap`; its
/// per-protocol counters are read back and checked against the capture. Then an unsafe sample
/// is rejected with its report and a tampered artifact is refused with its reason. The daemons
/// it started are stopped at the end, on failure and on Ctrl-C.
///
/// Each step runs the same `ebpf` command a user would type, shown with a `$` line.
@Command(name = "demo", description = "Show the trust split end to end: verify, sign, admit, run, refuse.",
        mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
    static final String OBJECT = "samples/xdp_proto_count.o";
    static final String PCAP = "samples/traffic/mixed.pcap";
    static final String UNSAFE = "samples/unsafe_null_deref.o";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = Path.of(System.getProperty("splitbpf.root", ".")).toAbsolutePath().normalize();
        for (String f : List.of(OBJECT, PCAP, UNSAFE)) {
            if (!Files.isRegularFile(root.resolve(f))) {
                throw CommandException.badInput(root.resolve(f) + ": no such file (run bin/ebpf from the checkout)");
            }
        }
        Path dir = Files.createTempDirectory("splitbpf-demo-");
        StateLayout state = new StateLayout(dir.resolve("state"));
        DaemonLauncher launcher = new DaemonLauncher(state, root.resolve("bin"));
        Thread stopOnExit = Thread.ofPlatform().unstarted(() -> stopAll(launcher));
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            return new Steps(out, root, dir, state, launcher).run() ? ExitCode.OK : ExitCode.FAILED;
        } finally {
            stopAll(launcher);
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            out.println();
            out.println("== 7. Stopped both daemons and removed the temporary state directory");
            deleteTree(dir);
        }
    }

    /// The demo's steps, sharing its streams and state directory.
    private static final class Steps {
        private final PrintWriter out;
        private final Path root;
        private final Path dir;
        private final StateLayout state;
        private final DaemonLauncher launcher;
        private boolean ok = true;

        Steps(PrintWriter out, Path root, Path dir, StateLayout state, DaemonLauncher launcher) {
            this.out = out;
            this.root = root;
            this.dir = dir;
            this.state = state;
            this.launcher = launcher;
        }

        boolean run() throws IOException {
            out.println("== 1. The PKI and both daemons, in a temporary state directory");
            Pki.at(state, Clock.systemUTC()).init(KeyAlgorithm.EC_P256, null);
            out.println("created a CA, the verifier's signing key, both daemons' TLS certificates and the admin's");
            for (DaemonLauncher.Running r : launcher.start(List.of(Daemon.VERIFIER, Daemon.HOST), Map.of(),
                    Duration.ofSeconds(60))) {
                out.printf("%-8s  %s, listening on %s%n", r.daemon().folder(), r.daemon().launcher(),
                        DaemonClient.text(r.address()));
            }
            out.println();
            out.println("== 2. " + OBJECT + ": verified and signed by the verifier service, admitted and JIT-compiled"
                    + " by the host");
            int id = loadedId(ebpf(0, "prog", "load", OBJECT));
            ebpf(0, "prog", "show", "id", Integer.toString(id));
            out.println();
            out.println("== 3. Run once per packet of " + PCAP);
            ebpf(0, "prog", "run", "id", Integer.toString(id), "--pcap", PCAP);
            out.println();
            out.println("== 4. Its per-protocol counters, read back from its map and summed over the execution slots");
            counters(id);
            out.println();
            out.println("== 5. An unsafe sample: the verifier rejects it and says why; nothing is signed or loaded");
            ebpf(1, "prog", "load", UNSAFE);
            out.println();
            out.println("== 6. A tampered artifact: one instruction byte changed after signing; the host refuses it");
            tampered();
            return ok;
        }

        /// Runs `ebpf ARGS --state STATE` in this process, printing the command, its output and
        /// its errors; a different exit code than `expected` fails the demo.
        String ebpf(int expected, String... args) {
            out.println("$ ebpf " + shorten(String.join(" ", args)));
            StringWriter text = new StringWriter();
            List<String> all = new ArrayList<>();
            for (String a : args) {
                all.add(a.startsWith("samples/") ? root.resolve(a).toString() : a);
            }
            all.addAll(List.of("--state", state.root().toString()));
            int code;
            try (PrintWriter w = new PrintWriter(text)) {
                code = EbpfCommand.run(w, w, all.toArray(String[]::new));
            }
            String shown = shorten(text.toString());
            out.print(shown);
            if (code != expected) {
                out.println("DEMO FAILED: exit code " + code + ", expected " + expected);
                ok = false;
            }
            out.flush();
            return shown;
        }

        /// `text` with the temporary folder and the checkout left out of paths.
        private String shorten(String text) {
            return text.replace(dir + "/", "").replace(root + "/", "");
        }

        private int loadedId(String output) {
            var m = java.util.regex.Pattern.compile("as id (\\d+)").matcher(output);
            if (!m.find()) {
                throw CommandException.failed("the demo could not find the new program's id in: " + output.strip());
            }
            return Integer.parseInt(m.group(1));
        }

        private void counters(int id) throws IOException {
            SortedMap<Integer, Long> counted = new TreeMap<>();
            ConnectionOptionsMixin admin = ConnectionOptionsMixin.of(state.root(), null);
            try (DaemonClient<HostService.Client> host = DaemonClient.host(admin)) {
                int mapId = host.call(c -> c.getProgram(id)).getMapIds().getFirst();
                MapInfo info = host.call(c -> c.getMap(mapId));
                List<MapEntry> entries = host.call(c -> c.dumpMap(mapId));
                out.printf("map %d: %s, %s, %d entries of %d slots each%n", mapId, info.getName(), info.getType(),
                        entries.size(), entries.isEmpty() ? 0 : entries.getFirst().getValuesSize());
                for (MapEntry e : entries) {
                    long sum = e.getValues().stream().mapToLong(v -> v.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong())
                            .sum();
                    if (sum != 0) {
                        counted.put(ByteBuffer.wrap(e.getKey()).order(ByteOrder.LITTLE_ENDIAN).getInt(), sum);
                    }
                }
            }
            SortedMap<Integer, Long> expected = new TreeMap<>();
            for (Pcap.Packet p : PcapReader.read(root.resolve(PCAP)).packets()) {
                expected.merge(IpProtocols.of(p.data()), 1L, Long::sum);
            }
            out.printf("  %-14s %8s %12s%n", "protocol", "counted", "in the pcap");
            for (int proto : Stream.concat(counted.keySet().stream(), expected.keySet().stream()).distinct()
                    .sorted(Comparator.naturalOrder()).toList()) {
                out.printf("  %3d %-10s %8d %12d%n", proto, IpProtocols.name(proto), counted.getOrDefault(proto, 0L),
                        expected.getOrDefault(proto, 0L));
            }
            boolean same = counted.equals(expected);
            out.println(same ? "the counters match the capture, frame by frame classified the same way in Java"
                    : "DEMO FAILED: the counters differ from the capture");
            ok &= same;
        }

        private void tampered() throws IOException {
            Path artifact = dir.resolve("xdp_proto_count.artifact");
            ebpf(0, "artifact", "sign", OBJECT, "-o", artifact.toString());
            byte[] bytes = Files.readAllBytes(artifact);
            byte[] insns = ArtifactInspection.of(bytes, artifact.toString()).content().getInstructions();
            int at = indexOf(bytes, insns);
            if (at < 0) {
                throw CommandException.failed("the demo could not find the instructions inside the artifact");
            }
            // The first instruction's immediate: what the program computes, not how the file is framed.
            bytes[at + 4] ^= 0x01;
            Files.write(artifact, bytes);
            out.printf("(changed byte %d of %s: the low bit of instruction 0's immediate)%n", at + 4,
                    artifact.getFileName());
            ebpf(1, "prog", "load", artifact.toString());
        }
    }

    /// Where `part` starts in `bytes`, or -1.
    static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void stopAll(DaemonLauncher launcher) {
        for (Daemon d : List.of(Daemon.HOST, Daemon.VERIFIER)) {
            try {
                launcher.stop(d, Duration.ofSeconds(20));
            } catch (RuntimeException e) {
                // stopping is best effort here: the demo's own error, if any, is what to report
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing the demo for
        }
    }
}
