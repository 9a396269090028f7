package io.splitbpf.exec.daemon;

import static io.splitbpf.exec.daemon.HostFixture.asU64;
import static io.splitbpf.exec.daemon.HostFixture.ipv4Frame;
import static io.splitbpf.exec.daemon.HostFixture.u32;
import static io.splitbpf.exec.daemon.ProgramStoreTest.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.MapInfo;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.thrift.TException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Multi-program objects as `prog loadall` loads them (one request per program, each next one
/// sharing the maps of the first), and maps of maps: shared maps, prog_array slots resolved by
/// program name in the group, inner maps made from the template, inner maps replaced by id, and
/// maps freed when nothing keeps them alive.
class ProgramGroupTest {
    static final int XDP_ABORTED = 0;
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;

    @TempDir
    Path dir;
    HostFixture host;
    HostHandler alice;

    @BeforeEach
    void start() {
        host = new HostFixture(dir, 8 << 20);
        alice = host.handler(host.alice);
    }

    LoadResponse load(String object, String program, Integer shareMapsOf) throws TException {
        return load(alice, object, program, "alice", shareMapsOf);
    }

    LoadResponse load(HostHandler as, String object, String program, String tenant, Integer shareMapsOf)
            throws TException {
        LoadRequest r = new LoadRequest(ByteBuffer.wrap(host.artifact(object, program, tenant)), "jit");
        if (shareMapsOf != null) {
            r.setShareMapsOf(shareMapsOf);
        }
        return as.load(r);
    }

    long run(int id) throws TException {
        return alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(ipv4Frame(6, 64)), 1)).getReturnValue();
    }

    /// A test run with `xdp_md` saying the frame came on `ifindex`, queue `queue`.
    long run(int id, int ifindex, int queue) throws TException {
        byte[] frame = ipv4Frame(6, 64);
        byte[] md = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(4, frame.length).putInt(12, ifindex)
                .putInt(16, queue).array();
        return alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(frame), 1).setContextIn(md)).getReturnValue();
    }

    Map<String, MapInfo> mapsByName() {
        Map<String, MapInfo> out = new TreeMap<>();
        alice.listMaps().forEach(m -> out.put(m.getName(), m));
        return out;
    }

    static ServiceError error(ErrorCode code, HostHandlerTest.ThrowingCall call) {
        return HostHandlerTest.error(code, call);
    }

    @Test
    void tailCallSlotsFillAsTheProgramsTheyNameJoinTheGroup() throws TException {
        TenantMemory memory = host.store.tenantMemory("alice");
        List<Region> empty = memory.regions();
        LoadResponse entry = load("tail_call.o", "xdp_entry", null);
        assertEquals(XDP_DROP, run(entry.getProgramId()), "slot 0 is empty: xdp_entry falls through");
        LoadResponse a = load("tail_call.o", "prog_a", entry.getProgramId());
        assertEquals(entry.getMapIds(), a.getMapIds(), "jmp_table is shared");
        assertEquals(XDP_ABORTED, run(entry.getProgramId()), "prog_a runs; its slot 1 is empty");
        LoadResponse b = load("tail_call.o", "prog_b", a.getProgramId());
        assertEquals(List.of(), b.getMapIds());
        assertEquals(XDP_PASS, run(entry.getProgramId()), "xdp_entry → prog_a → prog_b");

        int jmp = entry.getMapIds().getFirst();
        MapInfo info = alice.getMap(jmp);
        assertEquals(List.of(entry.getProgramId(), a.getProgramId()), info.getProgramIds());
        assertEquals(a.getProgramId(), asU64(HostHandlerTest.bytes(alice.lookup(jmp, ByteBuffer.wrap(u32(0)))
                .getValues().getFirst())));
        assertEquals(b.getProgramId(), asU64(HostHandlerTest.bytes(alice.lookup(jmp, ByteBuffer.wrap(u32(1)))
                .getValues().getFirst())));

        alice.unload(b.getProgramId());
        assertEquals(XDP_ABORTED, run(entry.getProgramId()), "prog_b's slot was emptied");
        error(ErrorCode.NOT_FOUND, () -> alice.lookup(jmp, ByteBuffer.wrap(u32(1))));
        alice.unload(entry.getProgramId());
        assertEquals(List.of(a.getProgramId()), alice.getMap(jmp).getProgramIds(), "prog_a keeps jmp_table alive");
        LoadResponse again = load("tail_call.o", "prog_b", a.getProgramId());
        assertEquals(XDP_PASS, run(a.getProgramId()), "a program joining later fills its slots");
        alice.unload(a.getProgramId());
        alice.unload(again.getProgramId());
        assertEquals(List.of(), alice.listMaps());
        assertEquals(empty, memory.regions(), "every map and program gave its memory back");
    }

    @Test
    void onlyTheCallersProgramsOfTheSameObjectAndNewNamesJoinAGroup() throws Exception {
        LoadResponse entry = load("tail_call.o", "xdp_entry", null);
        LoadResponse other = load("xdp_proto_count.o", "xdp_proto_count", null);
        ServiceError object = error(ErrorCode.BAD_REQUEST, () -> load("tail_call.o", "prog_a", other.getProgramId()));
        assertTrue(object.getMessage().contains("comes from object 'tail_call.o', not the object of group "
                + other.getProgramId()), object.getMessage());
        ServiceError twin = error(ErrorCode.BAD_REQUEST, () -> load("tail_call.o", "xdp_entry", entry.getProgramId()));
        assertTrue(twin.getMessage().contains("already has a program 'xdp_entry'"), twin.getMessage());
        HostHandler bob = host.handler(host.bob);
        ServiceError foreign = error(ErrorCode.NOT_FOUND, () -> load(bob, "tail_call.o", "prog_a", "bob",
                entry.getProgramId()));
        assertEquals("no program with id " + entry.getProgramId(), foreign.getMessage());
        error(ErrorCode.NOT_FOUND, () -> load("tail_call.o", "prog_a", 999));
        assertEquals(2, alice.listPrograms().size());
        List<String> audit = host.auditLines();
        assertEquals(List.of("admit", "admit", "refuse", "refuse", "refuse", "refuse"),
                audit.stream().map(l -> field(l, "event")).toList());
        assertEquals("BAD_REQUEST", field(audit.get(2), "reason"));
    }

    @Test
    void groupsAndTheirSharedMapsSurviveARestart() throws Exception {
        LoadResponse entry = load("tail_call.o", "xdp_entry", null);
        LoadResponse a = load("tail_call.o", "prog_a", entry.getProgramId());
        LoadResponse b = load("tail_call.o", "prog_b", entry.getProgramId());
        alice.unload(entry.getProgramId());

        ProgramStore restarted = host.store(8 << 20);
        assertEquals(2, restarted.restore().size());
        HostHandler again = host.handler(host.alice, restarted);
        assertEquals(List.of(a.getProgramId(), b.getProgramId()), again.listPrograms().stream().map(p -> p.getId())
                .toList());
        assertEquals(a.getMapIds(), again.getProgram(a.getProgramId()).getMapIds());
        assertEquals(XDP_PASS, again.testRun(new TestRunRequest(a.getProgramId(), ByteBuffer.wrap(ipv4Frame(6, 64)), 1))
                .getReturnValue(), "prog_a → prog_b, in the group they were in");
        LoadResponse entryAgain = load(again, "tail_call.o", "xdp_entry", "alice", b.getProgramId());
        assertEquals(a.getMapIds(), entryAgain.getMapIds());
        assertTrue(entryAgain.getProgramId() > b.getProgramId());
    }

    @Test
    void mapsOfMapsGetTheirInnerMapsAndTakeOthersById() throws TException {
        TenantMemory memory = host.store.tenantMemory("alice");
        List<Region> empty = memory.regions();
        LoadResponse mim = load("map_in_map.o", "xdp_mim", null);
        Map<String, MapInfo> maps = mapsByName();
        assertEquals(List.of("inner_map1", "inner_map2", "outer_arr"), List.copyOf(maps.keySet()));
        assertEquals(List.of(maps.get("outer_arr").getId()), mim.getMapIds());
        assertEquals(List.of(), maps.get("inner_map1").getProgramIds(), "no program uses the inner maps directly");
        int inner1 = maps.get("inner_map1").getId();
        int inner2 = maps.get("inner_map2").getId();
        int outer = maps.get("outer_arr").getId();
        assertEquals(inner1, asU64(HostHandlerTest.bytes(alice.lookup(outer, ByteBuffer.wrap(u32(0))).getValues()
                .getFirst())), "user space sees the inner map's id");

        for (int queue : new int[] {0, 1, 2, 5}) {
            assertEquals(XDP_PASS, run(mim.getProgramId(), 1, queue));
        }
        assertEquals(2, counter(inner1));
        assertEquals(2, counter(inner2));

        LoadResponse hash = load("map_in_map.o", "xdp_mim_hash", mim.getProgramId());
        int outerHash = hash.getMapIds().getFirst();
        assertEquals(4, alice.listMaps().size(), "outer_hash's slot [1] is the group's inner_map2");
        assertEquals(XDP_PASS, run(hash.getProgramId(), 1, 0));
        assertEquals(XDP_PASS, run(hash.getProgramId(), 2, 0));
        assertEquals(3, counter(inner2));

        // Java puts maps by id; the map it replaces is freed when nothing else holds it.
        alice.update(outer, ByteBuffer.wrap(u32(0)), List.of(ByteBuffer.wrap(u32(inner2))), 0);
        error(ErrorCode.NOT_FOUND, () -> alice.getMap(inner1));
        assertEquals(XDP_PASS, run(mim.getProgramId(), 1, 0));
        assertEquals(4, counter(inner2));
        alice.update(outerHash, ByteBuffer.wrap(u32(2)), List.of(ByteBuffer.wrap(u32(inner2))), 0);
        assertEquals(XDP_PASS, run(hash.getProgramId(), 2, 0));
        assertEquals(5, counter(inner2));

        LoadResponse proto = load("xdp_proto_count.o", "xdp_proto_count", null);
        ServiceError mismatch = error(ErrorCode.BAD_REQUEST, () -> alice.update(outer, ByteBuffer.wrap(u32(1)),
                List.of(ByteBuffer.wrap(u32(proto.getMapIds().getFirst()))), 0));
        assertTrue(mismatch.getMessage().contains("does not match the template"), mismatch.getMessage());
        LoadResponse bobs = load(host.handler(host.bob), "xdp_proto_count.o", "xdp_proto_count", "bob", null);
        error(ErrorCode.NOT_FOUND, () -> alice.update(outer, ByteBuffer.wrap(u32(1)),
                List.of(ByteBuffer.wrap(u32(bobs.getMapIds().getFirst()))), 0));
        error(ErrorCode.BAD_REQUEST, () -> alice.update(outer, ByteBuffer.wrap(u32(1)),
                List.of(ByteBuffer.wrap(new byte[8])), 0));
        error(ErrorCode.BAD_REQUEST, () -> alice.update(outer, ByteBuffer.wrap(u32(1)),
                List.of(ByteBuffer.wrap(u32(inner2))), 1));

        alice.remove(outerHash, ByteBuffer.wrap(u32(1)));
        alice.remove(outerHash, ByteBuffer.wrap(u32(2)));
        error(ErrorCode.NOT_FOUND, () -> alice.lookup(outerHash, ByteBuffer.wrap(u32(1))));
        assertFalse(alice.listMaps().isEmpty(), "outer_arr still holds inner_map2");
        alice.unload(proto.getProgramId());
        alice.unload(mim.getProgramId());
        assertEquals(List.of("outer_hash"), alice.listMaps().stream().map(MapInfo::getName).toList(),
                "inner_map2 went with outer_arr; outer_hash stays with its program");
        alice.unload(hash.getProgramId());
        assertEquals(List.of(), alice.listMaps());
        assertEquals(empty, memory.regions());
    }

    long counter(int mapId) throws TException {
        return asU64(HostHandlerTest.bytes(alice.lookup(mapId, ByteBuffer.wrap(u32(0))).getValues().getFirst()));
    }
}
