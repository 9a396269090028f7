package io.splitbpf.exec.daemon;

import static io.splitbpf.exec.daemon.HostFixture.ipv4Frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.thrift.AdmissionRefused;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.ArtifactMap;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.ProgramInfo;
import io.splitbpf.core.thrift.Refusal;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.exec.admission.TestArtifacts;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.admission.ArtifactAdmission;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.thrift.TException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Loading and unloading as the store does them: nothing half-loaded when a step after
/// admission fails, unloading gives the tenant's memory back, each admission, refusal and
/// unload is one audit line, engines are chosen by mode, pins are unique, and loaded programs
/// survive a restart (re-admitted, so a revocation meanwhile refuses them).
class ProgramStoreTest {
    @TempDir
    Path dir;

    static LoadRequest request(byte[] artifact, String mode) {
        return new LoadRequest(ByteBuffer.wrap(artifact), mode);
    }

    static String field(String jsonLine, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[0-9a-z]+)").matcher(jsonLine);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1)) : null;
    }

    @Test
    void nothingIsHalfLoadedWhenALaterStepFails() throws Exception {
        HostFixture host = new HostFixture(dir, 1 << 20);
        HostHandler alice = host.handler(host.alice);
        int first = alice.load(request(host.artifact("xdp_proto_count.o", "xdp_proto_count", "alice"), "jit"))
                .getProgramId();
        TenantMemory memory = host.store.tenantMemory("alice");
        List<Region> regions = memory.regions();
        long available = memory.available();

        // Maps too large for the tenant's memory: the first map fits, the second does not.
        ArtifactContent big = HostFixture.content("xdp_proto_count.o", "xdp_proto_count", "alice");
        ArtifactMap huge = big.getMaps().getFirst().deepCopy().setName("huge").setMaxEntries(1 << 20);
        big.setMaps(List.of(big.getMaps().getFirst(), huge));
        ServiceError full = assertThrows(ServiceError.class, () -> alice.load(request(host.sign(big), "jit")));
        assertEquals(ErrorCode.LIMIT_EXCEEDED, full.getCode());
        assertTrue(full.getMessage().contains("tenant 'alice' memory is full"), full.getMessage());

        // A map definition the host refuses, after one it created.
        ArtifactContent badRing = HostFixture.content("xdp_proto_count.o", "xdp_proto_count", "alice");
        badRing.setMaps(List.of(badRing.getMaps().getFirst(), new ArtifactMap("events", MapType.RINGBUF.id(), 0, 0,
                1000, 0, ByteBuffer.allocate(0), false, List.of())));
        AdmissionRefused ring = assertThrows(AdmissionRefused.class, () -> alice.load(request(host.sign(badRing), "jit")));
        assertEquals(Refusal.UNSUPPORTED, ring.getReason());
        assertTrue(ring.getDetail().contains("max_entries 1000 of a ringbuf"), ring.getDetail());

        // Instructions the JIT refuses (signed, but falling off the end), after the maps exist.
        ArtifactContent noExit = TestArtifacts.withInstructions(HostFixture.content("xdp_proto_count.o",
                "xdp_proto_count", "alice"), Assembler.of(Dialect.LLVM).assemble("r0 = 2\n"));
        AdmissionRefused jit = assertThrows(AdmissionRefused.class, () -> alice.load(request(host.sign(noExit), "jit")));
        assertEquals(Refusal.UNSUPPORTED, jit.getReason());
        assertTrue(jit.getDetail().contains("does not end with exit"), jit.getDetail());

        assertEquals(regions, memory.regions(), "every region of the failed loads was released");
        assertEquals(available, memory.available());
        assertEquals(List.of(first), alice.listPrograms().stream().map(ProgramInfo::getId).toList());
        assertEquals(1, alice.listMaps().size());
        List<String> audit = host.auditLines();
        assertEquals(List.of("admit", "refuse", "refuse", "refuse"), audit.stream().map(l -> field(l, "event")).toList());
        assertEquals(List.of("LIMIT_EXCEEDED", "UNSUPPORTED", "UNSUPPORTED"),
                audit.subList(1, 4).stream().map(l -> field(l, "reason")).toList());
        assertEquals(List.of(first + ".artifact", first + ".properties"), filesOf(host.state.host().resolve("programs")),
                "only the admitted program is stored");
    }

    static List<String> filesOf(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void unloadingGivesEverythingBackAndIsAudited() throws Exception {
        HostFixture host = new HostFixture(dir, 4 << 20);
        HostHandler alice = host.handler(host.alice);
        TenantMemory memory = host.store.tenantMemory("alice");
        List<Region> before = memory.regions();
        byte[] artifact = host.artifact("global_data.o", "xdp_global", "alice");
        LoadResponse loaded = alice.load(request(artifact, "jit"));
        assertFalse(memory.regions().equals(before));
        alice.testRun(new TestRunRequest(loaded.getProgramId(), ByteBuffer.wrap(ipv4Frame(6, 64)), 1));
        alice.unload(loaded.getProgramId());
        assertEquals(before, memory.regions());
        assertEquals(List.of(), alice.listPrograms());
        assertEquals(List.of(), alice.listMaps());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(ServiceError.class,
                () -> alice.unload(loaded.getProgramId())).getCode());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(ServiceError.class,
                () -> alice.getMap(loaded.getMapIds().getFirst())).getCode());
        assertEquals(List.of(), filesOf(host.state.host().resolve("programs")));

        List<String> audit = host.auditLines();
        assertEquals(List.of("admit", "unload"), audit.stream().map(l -> field(l, "event")).toList());
        for (String line : audit) {
            assertEquals("alice", field(line, "tenant"));
            assertEquals(host.alice.certificate().getSerialNumber().toString(16), field(line, "callerSerial"));
            assertEquals("xdp_global", field(line, "program"));
            assertEquals(ArtifactAdmission.digestOf(artifact), field(line, "artifactDigest"));
            assertEquals(Integer.toString(loaded.getProgramId()), field(line, "programId"));
            assertTrue(field(line, "time").endsWith("Z"), line);
        }
        assertTrue(field(audit.getFirst(), "signer").contains("ebpf-verifier-signing"));

        HostHandler bob = host.handler(host.bob);
        assertThrows(AdmissionRefused.class, () -> bob.load(request(artifact, "jit")));
        String refusal = host.auditLines().getLast();
        assertEquals("refuse", field(refusal, "event"));
        assertEquals("bob", field(refusal, "tenant"));
        assertEquals("WRONG_TENANT", field(refusal, "reason"));
        assertTrue(field(refusal, "detail").contains("signed for tenant 'alice'"), refusal);
    }

    @Test
    void modesChooseTheEngineAndPinsAreUnique() throws TException {
        HostFixture host = new HostFixture(dir, 4 << 20);
        HostHandler alice = host.handler(host.alice);
        byte[] artifact = host.artifact("xdp_proto_count.o", "xdp_proto_count", "alice");
        LoadResponse interpreted = alice.load(request(artifact, "interpreter").setPinPath("/sys/fs/bpf/count"));
        ProgramInfo info = alice.getProgram(interpreted.getProgramId());
        assertEquals("interpreter", info.getMode());
        assertEquals(0, info.getJitedBytes(), "the interpreter generates no code");
        assertEquals("/sys/fs/bpf/count", info.getPinned());
        assertEquals(2, alice.testRun(new TestRunRequest(interpreted.getProgramId(), ByteBuffer.wrap(ipv4Frame(6, 64)),
                1)).getReturnValue());
        ServiceError taken = assertThrows(ServiceError.class,
                () -> alice.load(request(artifact, "jit").setPinPath("/sys/fs/bpf/count")));
        assertEquals(ErrorCode.BAD_REQUEST, taken.getCode());
        assertTrue(taken.getMessage().contains("EEXIST"), taken.getMessage());
        for (String mode : List.of("bogus", "", "JIT")) {
            ServiceError e = assertThrows(ServiceError.class, () -> alice.load(request(artifact, mode)));
            assertEquals(ErrorCode.BAD_REQUEST, e.getCode());
            assertTrue(e.getMessage().startsWith("unknown mode '" + mode + "'"), e.getMessage());
        }
        assertEquals(1, alice.listPrograms().size());
    }

    @Test
    void loadedProgramsSurviveARestartAndAreCheckedAgain() throws Exception {
        HostFixture host = new HostFixture(dir, 4 << 20);
        HostHandler alice = host.handler(host.alice);
        LoadResponse kept = alice.load(request(host.artifact("xdp_proto_count.o", "xdp_proto_count", "alice"), "jit"));
        LoadResponse bobs = host.handler(host.bob).load(request(host.artifact("pid_counter.o", "count_drop_tp", "bob"),
                "jit"));

        ProgramStore restarted = host.store(4 << 20);
        List<String> lines = restarted.restore();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.getFirst().startsWith("restored program " + kept.getProgramId() + " 'xdp_proto_count'"),
                lines.toString());
        HostHandler again = host.handler(host.alice, restarted);
        ProgramInfo info = again.getProgram(kept.getProgramId());
        assertEquals(kept.getMapIds(), info.getMapIds(), "ids are kept");
        assertEquals(2, again.testRun(new TestRunRequest(kept.getProgramId(), ByteBuffer.wrap(ipv4Frame(6, 64)), 1))
                .getReturnValue());
        LoadResponse next = again.load(request(host.artifact("global_data.o", "xdp_global", "alice"), "jit"));
        assertTrue(next.getProgramId() > bobs.getProgramId(), "new ids continue after the restored ones");

        host.pki.revoke(host.signer.certificate().getSerialNumber());
        ProgramStore afterRevocation = host.store(4 << 20);
        List<String> refused = afterRevocation.restore();
        assertEquals(3, refused.size());
        assertTrue(refused.stream().allMatch(l -> l.startsWith("refused stored program") && l.contains("REVOKED")),
                refused.toString());
        assertEquals(List.of(), host.handler(host.alice, afterRevocation).listPrograms());
        List<String> moved = new ArrayList<>(filesOf(host.state.host().resolve("programs/refused")));
        assertTrue(moved.contains(kept.getProgramId() + ".reason"), moved.toString());
        assertEquals(List.of(), filesOf(host.state.host().resolve("programs")));
        String audit = host.auditLines().getLast();
        assertEquals("true", field(audit, "restored"));
        assertEquals("REVOKED", field(audit, "reason"));
    }
}
