package io.splitbpf.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.cli.pcap.IpProtocols;
import io.splitbpf.cli.pcap.Pcap;
import io.splitbpf.cli.pcap.PcapReader;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/// A program's life through the CLI and both real daemons: load (verified and signed by the
/// verifier, admitted by the host), show, dump, test runs, the trace log, map reads and writes,
/// a capture run whose counters are checked against the capture, other tenants seeing nothing,
/// unload. The steps share one pair of daemons and run in order, so ids are stable.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgramLifecycleIT {
    private static DaemonPair daemons;
    private static Path samples;

    @BeforeAll
    static void start() throws IOException {
        daemons = DaemonPair.start();
        samples = TestPaths.root().resolve("samples");
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemons != null) {
            daemons.close();
        }
    }

    private static String sample(String name) {
        return samples.resolve(name).toString();
    }

    private static void golden(String name, String... args) {
        Transcripts.assertMatches(name, daemons, "$ ebpf " + String.join(" ", args) + "\n"
                + daemons.ebpf(args).transcript());
    }

    @Test
    @Order(1)
    void loadVerifiesSignsAndAdmits() {
        golden("load-global_data", "prog", "load", sample("global_data.o"));
        golden("prog-show", "prog", "show");
        golden("prog-show-id-json", "prog", "show", "id", "1", "-j");
        golden("prog-show-pretty", "prog", "show", "-p");
        golden("map-show", "map", "show");
        golden("map-show-json", "map", "show", "-j");
        golden("prog-dump-xlated", "prog", "dump", "xlated", "id", "1");
        golden("prog-dump-xlated-json", "prog", "dump", "xlated", "id", "1", "-j");
    }

    @Test
    @Order(2)
    void testRunsAsBpftoolPrintsThem() throws IOException {
        Path small = daemons.dir().resolve("small.bin");
        Files.write(small, frame(60));
        Path big = daemons.dir().resolve("big.bin");
        Files.write(big, frame(1600));
        golden("prog-run", "prog", "run", "id", "1", "data_in", small.toString());
        golden("prog-run-repeat", "prog", "run", "id", "1", "data_in", small.toString(), "repeat", "10");
        golden("prog-run-data-out", "prog", "run", "id", "1", "data_in", small.toString(), "data_out", "-");
        golden("prog-run-json", "prog", "run", "id", "1", "data_in", big.toString(), "-j");
        golden("prog-tracelog", "prog", "tracelog");
    }

    @Test
    @Order(3)
    void mapsHoldWhatTheRunsCounted() {
        // 1 + 10 + 1 small frames, 1 big one: .bss is {packets = 13, too_long = 1}, .data
        // seen_bytes = 100 + 12 * 60 + 1600.
        golden("map-dump-bss", "map", "dump", "id", "3");
        golden("map-dump-data-json", "map", "dump", "id", "2", "-j");
        golden("map-lookup-data", "map", "lookup", "id", "2", "key", "0", "0", "0", "0");
        golden("map-update-data", "map", "update", "id", "2", "key", "hex", "00", "00", "00", "00", "value", "0x2a", "0",
                "0", "0", "0", "0", "0", "0", "exist");
        golden("map-lookup-data-after-update", "map", "lookup", "id", "2", "key", "0", "0", "0", "0");
        golden("map-getnext-first", "map", "getnext", "id", "2");
        golden("map-getnext-last", "map", "getnext", "id", "2", "key", "0", "0", "0", "0");
        golden("map-update-rodata-frozen", "map", "update", "id", "1", "key", "0", "0", "0", "0", "value", "hex",
                "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00", "00",
                "00", "00", "00", "00", "00");
        golden("map-lookup-short-key", "map", "lookup", "id", "2", "key", "0", "0");
    }

    @Test
    @Order(4)
    void captureRunCountsEveryProtocolAsTheCaptureHasThem() throws IOException {
        String load = daemons.ok("prog", "load", sample("xdp_proto_count.o"));
        assertEquals("loaded program xdp_proto_count as id 2 (map_ids 4)\n", load);
        golden("prog-run-pcap", "prog", "run", "id", "2", "--pcap", sample("traffic/mixed.pcap"));
        Map<Integer, Long> expected = new TreeMap<>();
        for (Pcap.Packet p : PcapReader.read(samples.resolve("traffic/mixed.pcap")).packets()) {
            expected.merge(IpProtocols.of(p.data()), 1L, Long::sum);
        }
        assertEquals(expected, counters(daemons.ok("map", "dump", "id", "4", "-j")));
        golden("prog-run-pcap-json", "prog", "run", "id", "2", "--pcap", sample("traffic/mixed.pcap"), "-j");
    }

    @Test
    @Order(5)
    void otherTenantsSeeNothingAndCannotUseTheIds() {
        daemons.ok("cert", "issue", "--tenant", "alice");
        golden("tenant-prog-show", "prog", "show", "--tenant", "alice");
        golden("tenant-map-show-json", "map", "show", "-j", "--tenant", "alice");
        golden("tenant-prog-show-id", "prog", "show", "id", "1", "--tenant", "alice");
        golden("tenant-map-dump-id", "map", "dump", "id", "3", "--tenant", "alice");
        golden("tenant-prog-unload-id", "prog", "unload", "id", "1", "--tenant", "alice");
        golden("tenant-unknown", "prog", "show", "--tenant", "bob");
    }

    @Test
    @Order(6)
    void unloadRemovesTheProgramAndItsMaps() {
        golden("prog-unload", "prog", "unload", "id", "1");
        golden("prog-show-after-unload", "prog", "show");
        golden("map-show-after-unload", "map", "show");
        golden("prog-show-unloaded-id", "prog", "show", "id", "1");
    }

    @Test
    @Order(7)
    void theProgramsOfOneObjectShareItsMapsAndTailCallEachOther() throws IOException {
        // tail_call.o: xdp_entry tail-calls prog_a through slot 0 of jmp_table, which
        // tail-calls prog_b (XDP_PASS); with an empty slot, xdp_entry would return XDP_DROP.
        String load = daemons.ok("prog", "load", sample("tail_call.o"), "--tenant", "alice");
        Matcher entry = Pattern
                .compile("loaded program xdp_entry as id (\\d+) \\(map_ids (\\d+)\\)").matcher(load);
        assertTrue(entry.find(), load);
        Matcher maps = Pattern.compile("map_ids (\\d+)").matcher(load);
        Set<String> mapIds = new TreeSet<>();
        while (maps.find()) {
            mapIds.add(maps.group(1));
        }
        assertEquals(Set.of(entry.group(2)), mapIds, "all three programs share jmp_table: " + load);
        Path small = daemons.dir().resolve("small.bin");
        assertTrue(daemons.ok("prog", "run", "id", entry.group(1), "data_in", small.toString(), "--tenant", "alice")
                .startsWith("Return value: 2,"));
    }

    /// An Ethernet frame of `length` bytes: IPv4, UDP, zero payload.
    private static byte[] frame(int length) {
        byte[] f = new byte[length];
        byte[] head = HexFormat.of().parseHex("ffffffffffff020000000001" + "0800" + "45000000000040004011000"
                + "0c0a80001c0a800c7");
        System.arraycopy(head, 0, f, 0, head.length);
        return f;
    }

    /// Per protocol, the sum over slots of the counters in `map dump -j` output of rxcnt.
    private static Map<Integer, Long> counters(String json) {
        Map<Integer, Long> out = new TreeMap<>();
        Pattern bytes = Pattern.compile("\\[(\"0x[0-9a-f]{2}\"(?:,\"0x[0-9a-f]{2}\")*)\\]");
        for (String entry : json.split("\\{\"key\":")) {
            Matcher m = bytes.matcher(entry);
            if (!m.find()) {
                continue;
            }
            int key = (int) littleEndian(m.group(1));
            long sum = 0;
            while (m.find()) {
                sum += littleEndian(m.group(1));
            }
            if (sum != 0) {
                out.put(key, sum);
            }
        }
        assertTrue(!out.isEmpty(), "no counters in the dump of " + json.length() + " characters");
        return out;
    }

    private static long littleEndian(String hexList) {
        String[] bytes = Arrays.stream(hexList.split(",")).map(s -> s.replace("\"", "").replace("0x", "").strip())
                .toArray(String[]::new);
        long v = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            v = v << 8 | Long.parseLong(bytes[i], 16);
        }
        return v;
    }
}
