package io.splitbpf.exec.daemon;

import static io.splitbpf.exec.daemon.HostFixture.ipv4Frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.core.thrift.TestRunResponse;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.thrift.TException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/// Every program whose verdict in `samples/inventory.json` is `pass` loads into the host through
/// the service and runs: the programs of one object as `prog loadall` loads them (the first
/// alone, the others sharing its maps), each test-run with an input of its type (a frame, a
/// tracepoint record, a `bpf_sock_addr`). What each computes is checked in
/// [io.splitbpf.exec.helpers.SamplesEndToEndTest], [ProgramGroupTest] and [ContextTestRunTest].
class SampleProgramsTest {
    @TempDir
    Path dir;

    /// One program of the inventory, with the names of its object's maps.
    record Sample(String object, String program, String type, List<String> objectMaps) {}

    /// The `pass` programs, by object, in the inventory's order.
    static Map<String, List<Sample>> passing() throws IOException {
        String json = Files.readString(TestPaths.requireInRoot("samples").resolve("inventory.json"));
        Map<String, Object> root = new Yaml().load(json);
        Map<?, ?> objects = (Map<?, ?>) root.get("objects");
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        for (Object o : (List<?>) root.get("programs")) {
            Map<?, ?> p = (Map<?, ?>) o;
            if ("pass".equals(p.get("verdict"))) {
                String object = (String) p.get("object");
                List<String> maps = ((List<?>) ((Map<?, ?>) objects.get(object)).get("maps")).stream()
                        .map(m -> (String) ((Map<?, ?>) m).get("name")).sorted().toList();
                Sample s = new Sample(object, (String) p.get("program"), (String) p.get("program_type"), maps);
                out.computeIfAbsent(object, k -> new ArrayList<>()).add(s);
            }
        }
        return out;
    }

    @Test
    void theInventoryHasPassingProgramsOfEveryKindTheSamplesUse() throws IOException {
        List<Sample> all = passing().values().stream().flatMap(List::stream).toList();
        assertEquals(20, all.size());
        assertEquals(List.of("cgroup_sock_addr", "kprobe", "tracepoint", "xdp"),
                all.stream().map(Sample::type).distinct().sorted().toList());
    }

    @TestFactory
    Stream<DynamicTest> everyPassingProgramLoadsAndRuns() throws IOException {
        return passing().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> loadAndRun(e.getValue())));
    }

    private void loadAndRun(List<Sample> programs) throws TException, IOException {
        HostFixture host = new HostFixture(Files.createTempDirectory(dir, "host"), 8 << 20);
        HostHandler alice = host.handler(host.alice);
        Integer first = null;
        List<Integer> ids = new ArrayList<>();
        for (Sample s : programs) {
            LoadRequest r = new LoadRequest(ByteBuffer.wrap(host.artifact(s.object(), s.program(), "alice")), "jit");
            if (first != null) {
                r.setShareMapsOf(first);
            }
            LoadResponse loaded = alice.load(r);
            first = first == null ? loaded.getProgramId() : first;
            ids.add(loaded.getProgramId());
        }
        for (int i = 0; i < programs.size(); i++) {
            TestRunResponse run = alice.testRun(input(ids.get(i), programs.get(i).type()));
            assertEquals(3, run.getRepeat(), programs.get(i).program());
            assertEquals(3, alice.getProgram(ids.get(i)).getRunCount());
            if (programs.get(i).program().equals("xdp_entry")) {
                assertEquals(2, run.getReturnValue(), "xdp_entry → prog_a → prog_b");
            }
        }
        assertEquals(programs.getFirst().objectMaps(), alice.listMaps().stream().map(m -> m.getName()).sorted().toList(),
                "the object's maps, each once");
    }

    private static TestRunRequest input(int id, String type) {
        return switch (type) {
            case "xdp" -> new TestRunRequest(id, ByteBuffer.wrap(ipv4Frame(6, 64)), 3);
            case "cgroup_sock_addr" -> new TestRunRequest(id, ByteBuffer.allocate(0), 3).setContextIn(
                    ContextTestRunTest.sockAddr(new byte[] {10, 0, 0, 1}, 80));
            default -> new TestRunRequest(id, ByteBuffer.allocate(0), 3).setContextIn(ByteBuffer.allocate(64)
                    .order(ByteOrder.LITTLE_ENDIAN).array());
        };
    }
}
