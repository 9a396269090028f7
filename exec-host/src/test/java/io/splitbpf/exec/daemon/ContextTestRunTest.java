package io.splitbpf.exec.daemon;

import static io.splitbpf.exec.daemon.HostFixture.asU64;
import static io.splitbpf.exec.daemon.HostFixture.ipv4Frame;
import static io.splitbpf.exec.daemon.HostFixture.u32;
import static io.splitbpf.exec.daemon.HostHandlerTest.bytes;
import static io.splitbpf.exec.daemon.HostHandlerTest.error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.core.thrift.TestRunResponse;
import io.splitbpf.exec.admission.TestArtifacts;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.thrift.TException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Test runs of the program types beyond XDP and tracing: socket filters and tc with
/// `BPF_PROG_TEST_RUN`'s skb semantics, and `cgroup/connect4` with a `bpf_sock_addr` in and out.
class ContextTestRunTest {
    @TempDir
    Path dir;
    HostFixture host;
    HostHandler alice;

    @BeforeEach
    void start() {
        host = new HostFixture(dir, 8 << 20);
        alice = host.handler(host.alice);
    }

    /// `struct bpf_sock_addr` for a TCP/IPv4 connect() to `ip:port` (network order, as Linux).
    static byte[] sockAddr(byte[] ip, int port) {
        return ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2).put(4, ip)
                .put(24, (byte) (port >>> 8)).put(25, (byte) port).putInt(28, 2).putInt(32, 1).putInt(36, 6).array();
    }

    int load(String object, String program) throws TException {
        return alice.load(new LoadRequest(ByteBuffer.wrap(host.artifact(object, program, "alice")), "jit"))
                .getProgramId();
    }

    TestRunResponse context(int id, byte[] contextIn) throws TException {
        return alice.testRun(new TestRunRequest(id, ByteBuffer.allocate(0), 1).setContextIn(contextIn));
    }

    @Test
    void connect4RunsOnASockAddrAndGivesItBack() throws TException {
        int id = load("sockaddr_connect4.o", "connect4_policy");
        assertEquals("cgroup_sock_addr", alice.getProgram(id).getType());
        byte[] loopback = sockAddr(new byte[] {127, 0, 0, 1}, 23);
        TestRunResponse allowed = context(id, loopback);
        assertEquals(1, allowed.getReturnValue());
        assertArrayEquals(loopback, allowed.getContextOut(), "nothing written, nothing changed");
        assertEquals(0, context(id, sockAddr(new byte[] {10, 0, 0, 1}, 23)).getReturnValue());
        assertEquals(1, context(id, sockAddr(new byte[] {10, 0, 0, 1}, 443)).getReturnValue());
        int denied = alice.getProgram(id).getMapIds().getFirst();
        alice.update(denied, ByteBuffer.wrap(new byte[] {(byte) 0xbb, 0x01}), List.of(ByteBuffer.wrap(new byte[] {1})), 0);
        assertEquals(0, context(id, sockAddr(new byte[] {10, 0, 0, 1}, 443)).getReturnValue());
        int denials = alice.getProgram(id).getMapIds().get(1);
        assertEquals(2, asU64(bytes(alice.lookup(denials, ByteBuffer.wrap(u32(0))).getValues().getFirst())));

        byte[] withSocket = sockAddr(new byte[] {10, 0, 0, 1}, 80);
        withSocket[64] = 1;
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> context(id, withSocket)).getMessage()
                .contains("bpf_sock_addr.sk must be 0"));
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> context(id, new byte[80])).getMessage()
                .contains("a bpf_sock_addr of cgroup_sock_addr programs has at most 72"));
        assertTrue(error(ErrorCode.BAD_REQUEST, () -> alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(
                ipv4Frame(6, 64)), 1))).getMessage().contains("take no data_in; give the bpf_sock_addr"));
    }

    /// A tc classifier signed as the verifier would: it reads the packet pointers, writes the
    /// first byte of the frame, sets `mark` and `cb[0]` and returns `len`.
    byte[] tcArtifact() {
        ArtifactContent c = HostFixture.content("xdp_proto_count.o", "xdp_proto_count", "alice");
        c.setProgramType(ProgramType.SCHED_CLS.id()).setSectionName("tc").setMaps(List.of());
        return host.sign(TestArtifacts.withInstructions(c, Assembler.of(Dialect.LLVM).assemble("""
                r2 = *(u32 *)(r1 + 76)
                r3 = *(u32 *)(r1 + 80)
                r4 = r2
                r4 += 14
                if r4 > r3 goto +5
                *(u8 *)(r2 + 0) = 170
                r5 = *(u32 *)(r1 + 8)
                r5 += 7
                *(u32 *)(r1 + 8) = r5
                *(u32 *)(r1 + 48) = 99
                r0 = *(u32 *)(r1 + 0)
                exit
                """)));
    }

    @Test
    void tcSeesTheFrameFromItsEthernetHeaderAndWritesItAndTheSkb() throws TException {
        LoadResponse loaded = alice.load(new LoadRequest(ByteBuffer.wrap(tcArtifact()), "jit"));
        int id = loaded.getProgramId();
        byte[] frame = ipv4Frame(17, 100);
        TestRunResponse r = alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(frame), 1));
        assertEquals(100, r.getReturnValue(), "len: the whole frame");
        assertEquals((byte) 170, r.getDataOut()[0]);
        assertArrayEquals(Arrays.copyOfRange(frame, 1, 100), Arrays.copyOfRange(r.getDataOut(), 1, 100));
        assertFalse(r.isSetContextOut());

        ByteBuffer in = ByteBuffer.allocate(192).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 5).putInt(32, 3)
                .putInt(56, 11).putInt(40, 1);
        TestRunResponse withContext = alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(frame), 1)
                .setContextIn(in.array()));
        ByteBuffer out = ByteBuffer.wrap(withContext.getContextOut()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(12, out.getInt(8), "mark 5 + 7");
        assertEquals(99, out.getInt(48), "cb[0]");
        assertEquals(11, out.getInt(56), "cb[2] as given");
        assertEquals(3, out.getInt(32), "priority");
        assertEquals(100, out.getInt(160), "wire_len: the frame's length");
        assertEquals(0, out.getInt(0), "len is not copied back");

        ServiceError dev = error(ErrorCode.BAD_REQUEST, () -> alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(frame),
                1).setContextIn(ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 2).array())));
        assertTrue(dev.getMessage().contains("no device with ifindex 2") && dev.getMessage().contains("ENODEV"),
                dev.getMessage());
        ServiceError len = error(ErrorCode.BAD_REQUEST, () -> alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(frame),
                1).setContextIn(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 60).array())));
        assertTrue(len.getMessage().contains("byte 0 of __sk_buff is not 0"), len.getMessage());
        error(ErrorCode.BAD_REQUEST, () -> alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(new byte[13]), 1)));
        error(ErrorCode.BAD_REQUEST, () -> alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(new byte[3713]), 1)));
        ServiceError wire = error(ErrorCode.BAD_REQUEST, () -> alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(frame),
                1).setContextIn(ByteBuffer.allocate(164).order(ByteOrder.LITTLE_ENDIAN).putInt(160, 50).array())));
        assertTrue(wire.getMessage().contains("wire_len 50 must be 0 or 100 to 65536"), wire.getMessage());
    }

    /// `legacy_maps.o` (libbpf ≥ 1.0 refuses its legacy maps; this host reads them) as
    /// `BPF_PROG_TEST_RUN` runs a socket filter: from the network header, so `len` is 14 less
    /// and `ld_abs` offsets count from the IPv4 header; `data_out` gets a zeroed Ethernet header.
    @Test
    void socketFiltersSeeTheFrameFromTheNetworkHeader() throws TException {
        int id = load("legacy_maps.o", "count_bytes");
        assertEquals("socket_filter", alice.getProgram(id).getType());
        byte[] frame = ipv4Frame(6, 80);
        frame[14 + 23] = 42;
        TestRunResponse r = alice.testRun(new TestRunRequest(id, ByteBuffer.wrap(frame), 2));
        assertEquals(0, r.getReturnValue());
        byte[] expected = frame.clone();
        Arrays.fill(expected, 0, 14, (byte) 0);
        assertArrayEquals(expected, r.getDataOut());
        int bytesMap = alice.getProgram(id).getMapIds().getFirst();
        assertEquals(2 * (80 - 14), asU64(bytes(alice.lookup(bytesMap, ByteBuffer.wrap(u32(42))).getValues()
                .getFirst())), "ld_abs 23 is byte 23 after the Ethernet header; len excludes it");
        assertEquals(List.of(0L), alice.runBatch(id, List.of(ByteBuffer.wrap(frame))).getReturnValues(),
                "batches take packets too");
    }
}
