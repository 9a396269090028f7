package io.splitbpf.exec.daemon;

import static io.splitbpf.exec.daemon.HostFixture.asU64;
import static io.splitbpf.exec.daemon.HostFixture.ipv4Frame;
import static io.splitbpf.exec.daemon.HostFixture.u32;
import static io.splitbpf.exec.daemon.HostFixture.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.thrift.AdmissionRefused;
import io.splitbpf.core.thrift.AdmissionVerdict;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.MapEntry;
import io.splitbpf.core.thrift.MapInfo;
import io.splitbpf.core.thrift.ProgramInfo;
import io.splitbpf.core.thrift.Refusal;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.core.thrift.TestRunResponse;
import io.splitbpf.core.thrift.TraceChunk;
import io.splitbpf.exec.maps.BpfMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.thrift.TException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The host service in process, as a tenant's connection sees it: load, show, test runs with
/// `BPF_PROG_TEST_RUN`'s semantics, map commands with Linux's, the trace log, and nothing of
/// another tenant's.
class HostHandlerTest {
    static final int XDP_PASS = 2;
    static final int XDP_DROP = 1;

    @TempDir
    Path dir;
    HostFixture host;
    HostHandler alice;
    HostHandler bob;

    @BeforeEach
    void start() {
        host = new HostFixture(dir, 8 << 20);
        alice = host.handler(host.alice);
        bob = host.handler(host.bob);
    }

    LoadResponse load(HostHandler as, String object, String program, String tenant) throws TException {
        return as.load(new LoadRequest(ByteBuffer.wrap(host.artifact(object, program, tenant)), "jit"));
    }

    static TestRunRequest run(int id, byte[] data, int repeat) {
        return new TestRunRequest(id, ByteBuffer.wrap(data), repeat);
    }

    static ServiceError error(ErrorCode code, ThrowingCall call) {
        ServiceError e = assertThrows(ServiceError.class, call::run);
        assertEquals(code, e.getCode(), e.getMessage());
        return e;
    }

    interface ThrowingCall {
        void run() throws TException;
    }

    @Test
    void loadShowRunAndReadTheCountersBack() throws TException {
        byte[] artifact = host.artifact("xdp_proto_count.o", "xdp_proto_count", "alice");
        LoadResponse loaded = alice.load(new LoadRequest(ByteBuffer.wrap(artifact), "jit"));
        assertEquals(1, loaded.getMapIdsSize());
        ProgramInfo info = alice.getProgram(loaded.getProgramId());
        assertEquals(List.of(info), alice.listPrograms());
        assertEquals("xdp", info.getType());
        assertEquals("xdp_proto_count", info.getName());
        assertEquals("alice", info.getTenant());
        assertEquals("jit", info.getMode());
        assertEquals("xdp", info.getSection());
        assertTrue(info.getTag().matches("[0-9a-f]{16}"), info.getTag());
        assertTrue(info.getXlatedBytes() > 0 && info.getXlatedBytes() % 8 == 0);
        assertTrue(info.getJitedBytes() > 0, "the JIT's class size");
        assertTrue(info.isGplCompatible());
        assertTrue(info.getSigner().contains("CN=ebpf-verifier-signing"), info.getSigner());
        assertEquals(loaded.getMapIds(), info.getMapIds());
        assertArrayEquals(artifact, alice.getArtifact(loaded.getProgramId()).array());

        byte[] tcp = ipv4Frame(6, 64);
        TestRunResponse r = alice.testRun(run(loaded.getProgramId(), tcp, 5));
        assertEquals(XDP_PASS, r.getReturnValue());
        assertArrayEquals(tcp, r.getDataOut());
        assertEquals(5, r.getRepeat());
        assertFalse(r.isSetContextOut(), "no context in, no context out");
        alice.testRun(run(loaded.getProgramId(), ipv4Frame(17, 60), 0));
        ProgramInfo after = alice.getProgram(loaded.getProgramId());
        assertEquals(6, after.getRunCount(), "repeat 0 is one run");
        assertTrue(after.getRunTimeNs() > 0);

        int rxcnt = loaded.getMapIds().getFirst();
        MapInfo map = alice.getMap(rxcnt);
        assertEquals("percpu_array", map.getType());
        assertEquals("rxcnt", map.getName());
        assertEquals(List.of(loaded.getProgramId()), map.getProgramIds());
        MapEntry tcpCount = alice.lookup(rxcnt, ByteBuffer.wrap(u32(6)));
        assertEquals(HostFixture.SLOTS, tcpCount.getValuesSize(), "one value per execution slot");
        assertEquals(5, tcpCount.getValues().stream().mapToLong(v -> asU64(bytes(v))).sum());
        assertEquals(1, alice.lookup(rxcnt, ByteBuffer.wrap(u32(17))).getValues().stream()
                .mapToLong(v -> asU64(bytes(v))).sum());
        assertEquals(256, alice.dumpMap(rxcnt).size());
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void testRunInputIsCheckedAsLinuxChecksIt() throws TException {
        int id = load(alice, "xdp_proto_count.o", "xdp_proto_count", "alice").getProgramId();
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.testRun(run(id, new byte[10], 1))).getMessage()
                .contains("at least 14"));
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.testRun(run(id, new byte[5000], 1))).getMessage()
                .contains("EMSGSIZE"));
        error(ErrorCode.BAD_REQUEST, () -> alice.testRun(run(id, new byte[64], -1)));
        byte[] frame = ipv4Frame(1, 64);
        TestRunRequest wrongEnd = run(id, frame, 1).setContextIn(xdpMd(0, 60, 0, 0));
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.testRun(wrongEnd)).getMessage().contains("data_end"));
        TestRunRequest queueWithoutDevice = run(id, frame, 1).setContextIn(xdpMd(0, 64, 0, 3));
        error(ErrorCode.BAD_REQUEST, () -> alice.testRun(queueWithoutDevice));

        TestRunResponse r = alice.testRun(run(id, frame, 1).setContextIn(xdpMd(0, 64, 7, 2)).setDataSizeOut(20));
        assertArrayEquals(xdpMd(0, 64, 7, 2), r.getContextOut(), "xdp_md as the run left it");
        assertArrayEquals(java.util.Arrays.copyOf(frame, 20), r.getDataOut(), "data_size_out truncates");
    }

    static byte[] xdpMd(int data, int dataEnd, int ifindex, int queue) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(data).putInt(dataEnd).putInt(0)
                .putInt(ifindex).putInt(queue).putInt(0).array();
    }

    @Test
    void hashMapCommandsHaveLinuxSemantics() throws TException {
        LoadResponse loaded = load(alice, "pid_counter.o", "count_drop_tp", "alice");
        int counts = loaded.getMapIds().getFirst();
        ByteBuffer k1 = ByteBuffer.wrap(u32(1));
        error(ErrorCode.NOT_FOUND, () -> alice.nextKey(counts, ByteBuffer.allocate(0)));
        error(ErrorCode.NOT_FOUND, () -> alice.lookup(counts, k1));
        alice.update(counts, k1, List.of(ByteBuffer.wrap(u64(41))), BpfMap.NOEXIST);
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.update(counts, k1, List.of(ByteBuffer.wrap(u64(1))),
                BpfMap.NOEXIST)).getMessage().contains("EEXIST"));
        error(ErrorCode.NOT_FOUND, () -> alice.update(counts, ByteBuffer.wrap(u32(2)), List.of(ByteBuffer.wrap(u64(1))),
                BpfMap.EXIST));
        alice.update(counts, k1, List.of(ByteBuffer.wrap(u64(42))), BpfMap.EXIST);
        assertEquals(42, asU64(alice.lookup(counts, k1).getValues().getFirst().array()));
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.lookup(counts, ByteBuffer.allocate(3))).getMessage()
                .contains("EINVAL"));
        error(ErrorCode.BAD_REQUEST, () -> alice.update(counts, k1, List.of(ByteBuffer.wrap(u64(1))), 99));
        assertArrayEquals(u32(1), alice.nextKey(counts, ByteBuffer.allocate(0)).array());
        error(ErrorCode.NOT_FOUND, () -> alice.nextKey(counts, k1));
        alice.remove(counts, k1);
        assertTrue(error(ErrorCode.NOT_FOUND, () -> alice.remove(counts, k1)).getMessage().contains("ENOENT"));

        for (int k = 0; k < 1024; k++) {
            alice.update(counts, ByteBuffer.wrap(u32(1000 + k)), List.of(ByteBuffer.wrap(u64(k))), BpfMap.ANY);
        }
        ServiceError full = error(ErrorCode.LIMIT_EXCEEDED, () -> alice.update(counts, ByteBuffer.wrap(u32(7)),
                List.of(ByteBuffer.wrap(u64(7))), BpfMap.ANY));
        assertEquals("update of map 'counts': the map is full (max_entries 1024) (E2BIG)", full.getMessage());
        assertEquals(1024, alice.dumpMap(counts).size());
    }

    @Test
    void aTracepointRunIsAnEventOfTheDaemon() throws TException {
        LoadResponse loaded = load(alice, "pid_counter.o", "count_drop_tp", "alice");
        TestRunResponse r = alice.testRun(run(loaded.getProgramId(), new byte[0], 3).setContextIn(new byte[16]));
        assertEquals(0, r.getReturnValue());
        assertArrayEquals(new byte[16], r.getContextOut());
        int pid = (int) ProcessHandle.current().pid();
        MapEntry e = alice.lookup(loaded.getMapIds().getFirst(), ByteBuffer.wrap(u32(pid)));
        assertEquals(3, asU64(e.getValues().getFirst().array()), "counted for the daemon's pid");
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.testRun(run(loaded.getProgramId(), new byte[20], 1)))
                .getMessage().contains("take no data_in"));
        error(ErrorCode.BAD_REQUEST, () -> alice.testRun(run(loaded.getProgramId(), new byte[0], 1)
                .setContextIn(new byte[4096])));
    }

    @Test
    void perCpuValuesAreOnePerSlot() throws TException {
        int rxcnt = load(alice, "xdp_proto_count.o", "xdp_proto_count", "alice").getMapIds().getFirst();
        ByteBuffer key = ByteBuffer.wrap(u32(9));
        alice.update(rxcnt, key, List.of(ByteBuffer.wrap(u64(3)), ByteBuffer.wrap(u64(4))), BpfMap.ANY);
        assertEquals(List.of(3L, 4L), alice.lookup(rxcnt, key).getValues().stream().map(v -> asU64(v.array())).toList());
        alice.update(rxcnt, key, List.of(ByteBuffer.wrap(u64(5))), BpfMap.ANY);
        assertEquals(List.of(5L, 5L), alice.lookup(rxcnt, key).getValues().stream().map(v -> asU64(v.array())).toList());
        error(ErrorCode.BAD_REQUEST, () -> alice.update(rxcnt, key, List.of(ByteBuffer.wrap(u64(1)),
                ByteBuffer.wrap(u64(1)), ByteBuffer.wrap(u64(1))), BpfMap.ANY));
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.remove(rxcnt, key)).getMessage().contains("EINVAL"));
        assertTrue(error(ErrorCode.LIMIT_EXCEEDED, () -> alice.update(rxcnt, ByteBuffer.wrap(u32(256)),
                List.of(ByteBuffer.wrap(u64(1))), BpfMap.ANY)).getMessage().contains("E2BIG"));
    }

    @Test
    void globalDataTraceLogAndFrozenRodata() throws Exception {
        LoadResponse loaded = load(alice, "global_data.o", "xdp_global", "alice");
        assertEquals(XDP_PASS, alice.testRun(run(loaded.getProgramId(), ipv4Frame(6, 60), 1)).getReturnValue());
        assertEquals(XDP_DROP, alice.testRun(run(loaded.getProgramId(), ipv4Frame(6, 1600), 1)).getReturnValue());
        TraceChunk chunk = alice.traceLog(0, 0);
        assertEquals(1, chunk.getLinesSize(), chunk.getLines().toString());
        String line = chunk.getLines().getFirst();
        assertTrue(line.contains("xdp_global-" + loaded.getProgramId()) && line.endsWith(
                "bpf_trace_printk: long frame 1600 > 1514"), line);
        Path file = host.state.host().resolve("trace/alice.log");
        assertEquals(Files.size(file), chunk.getNextOffset());
        assertEquals(List.of(line), Files.readAllLines(file));
        assertEquals(0, alice.traceLog(chunk.getNextOffset(), 10).getLinesSize());
        assertEquals(Files.size(file), alice.traceLog(-1, 10).getNextOffset(), "-1 follows from the end");
        long pastEnd = Files.size(file) + 1;
        error(ErrorCode.BAD_REQUEST, () -> alice.traceLog(pastEnd, 10));
        assertEquals(0, bob.traceLog(0, 0).getLinesSize(), "bob's trace log is his own");

        List<MapInfo> maps = alice.listMaps();
        MapInfo rodata = maps.stream().filter(m -> m.getName().equals(".rodata")).findFirst().orElseThrow();
        assertTrue(rodata.isFrozen());
        assertEquals(1514, asU64(java.util.Arrays.copyOf(alice.lookup(rodata.getId(), ByteBuffer.wrap(u32(0)))
                .getValues().getFirst().array(), 4)));
        assertTrue(error(ErrorCode.DENIED, () -> alice.update(rodata.getId(), ByteBuffer.wrap(u32(0)),
                List.of(ByteBuffer.allocate(rodata.getValueSize())), BpfMap.ANY)).getMessage().contains("EPERM"));
        MapInfo data = maps.stream().filter(m -> m.getName().equals(".data")).findFirst().orElseThrow();
        assertEquals(100 + 60 + 1600, asU64(alice.lookup(data.getId(), ByteBuffer.wrap(u32(0))).getValues().getFirst()
                .array()), "global data starts with the section's bytes");
    }

    @Test
    void anotherTenantSeesNothing() throws TException {
        LoadResponse loaded = load(alice, "xdp_proto_count.o", "xdp_proto_count", "alice");
        int id = loaded.getProgramId();
        int map = loaded.getMapIds().getFirst();
        assertEquals(List.of(), bob.listPrograms());
        assertEquals(List.of(), bob.listMaps());
        ServiceError hidden = error(ErrorCode.NOT_FOUND, () -> bob.getProgram(id));
        assertEquals("no program with id " + id, hidden.getMessage(), "the same as an id never used");
        assertEquals("no program with id 999", error(ErrorCode.NOT_FOUND, () -> bob.getProgram(999)).getMessage());
        error(ErrorCode.NOT_FOUND, () -> bob.getArtifact(id));
        error(ErrorCode.NOT_FOUND, () -> bob.testRun(run(id, ipv4Frame(6, 64), 1)));
        error(ErrorCode.NOT_FOUND, () -> bob.runBatch(id, List.of(ByteBuffer.wrap(ipv4Frame(6, 64)))));
        error(ErrorCode.NOT_FOUND, () -> bob.unload(id));
        error(ErrorCode.NOT_FOUND, () -> bob.getMap(map));
        error(ErrorCode.NOT_FOUND, () -> bob.dumpMap(map));
        error(ErrorCode.NOT_FOUND, () -> bob.lookup(map, ByteBuffer.wrap(u32(6))));
        error(ErrorCode.NOT_FOUND, () -> bob.update(map, ByteBuffer.wrap(u32(6)), List.of(ByteBuffer.wrap(u64(1))), 0));
        error(ErrorCode.NOT_FOUND, () -> bob.remove(map, ByteBuffer.wrap(u32(6))));
        error(ErrorCode.NOT_FOUND, () -> bob.nextKey(map, ByteBuffer.allocate(0)));
        AdmissionRefused stolen = assertThrows(AdmissionRefused.class, () -> bob.load(new LoadRequest(
                alice.getArtifact(id), "jit")));
        assertEquals(Refusal.WRONG_TENANT, stolen.getReason());
        assertEquals(1, alice.listPrograms().size(), "alice's program is untouched");
        assertEquals("tenant bob", bob.status().getCaller());
    }

    @Test
    void checkArtifactSaysWhetherItWouldBeAdmitted() throws TException {
        byte[] artifact = host.artifact("xdp_proto_count.o", "xdp_proto_count", "alice");
        AdmissionVerdict yes = alice.checkArtifact(ByteBuffer.wrap(artifact));
        assertTrue(yes.isAdmissible());
        assertTrue(yes.getDetail().contains("signed by CN=ebpf-verifier-signing"), yes.getDetail());
        AdmissionVerdict no = bob.checkArtifact(ByteBuffer.wrap(artifact));
        assertFalse(no.isAdmissible());
        assertEquals(Refusal.WRONG_TENANT, no.getReason());
        assertEquals(List.of(), alice.listPrograms(), "checking loads nothing");
    }

    @Test
    void batchesRunOncePerPacket() throws TException {
        int id = load(alice, "global_data.o", "xdp_global", "alice").getProgramId();
        List<ByteBuffer> packets = List.of(ByteBuffer.wrap(ipv4Frame(6, 60)), ByteBuffer.wrap(ipv4Frame(6, 1600)),
                ByteBuffer.wrap(ipv4Frame(17, 1514)));
        assertEquals(List.of(2L, 1L, 2L), alice.runBatch(id, packets).getReturnValues());
        assertEquals(3, alice.getProgram(id).getRunCount());
        ServiceError bad = error(ErrorCode.BAD_REQUEST, () -> alice.runBatch(id, List.of(ByteBuffer.wrap(ipv4Frame(6,
                60)), ByteBuffer.wrap(new byte[3]))));
        assertTrue(bad.getMessage().startsWith("packet 1: "), bad.getMessage());
    }

    @Test
    void concurrentRunsUseTheirOwnSlots() throws Exception {
        LoadResponse loaded = load(alice, "xdp_proto_count.o", "xdp_proto_count", "alice");
        Function<Integer, Long> runs = n -> {
            try {
                for (int i = 0; i < n; i++) {
                    host.handler(host.alice).testRun(run(loaded.getProgramId(), ipv4Frame(6, 64), 10));
                }
                return (long) n * 10;
            } catch (TException e) {
                throw new IllegalStateException(e);
            }
        };
        long expected = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Long>> done = List.of(pool.submit(() -> runs.apply(40)), pool.submit(() -> runs.apply(40)),
                    pool.submit(() -> runs.apply(40)), pool.submit(() -> runs.apply(40)));
            for (Future<Long> f : done) {
                expected += f.get();
            }
        }
        MapEntry tcp = alice.lookup(loaded.getMapIds().getFirst(), ByteBuffer.wrap(u32(6)));
        assertEquals(expected, tcp.getValues().stream().mapToLong(v -> asU64(v.array())).sum(),
                "no increment lost: each slot's value is used by one run at a time");
        assertEquals(expected, alice.getProgram(loaded.getProgramId()).getRunCount());
    }
}
