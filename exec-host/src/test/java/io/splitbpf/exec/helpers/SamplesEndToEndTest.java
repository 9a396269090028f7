package io.splitbpf.exec.helpers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.platform.LinuxContexts;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.MapSlot;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.exec.context.ContextLayout;
import io.splitbpf.exec.context.XdpContext;
import io.splitbpf.exec.maps.ArrayMap;
import io.splitbpf.exec.maps.ArrayOfMapsMap;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.HashTableMap;
import io.splitbpf.exec.maps.InnerMapRef;
import io.splitbpf.exec.maps.LpmTrieMap;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapOfMaps;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.maps.ProgArrayMap;
import io.splitbpf.exec.maps.RingBufferMap;
import io.splitbpf.exec.maps.TailCallTarget;
import io.splitbpf.exec.maps.TestSpecs;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.CurrentTask;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.HelperTable;
import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// Every safe sample end to end under both engines: each object read with [ElfObjectReader],
/// its maps created in a tenant and bound, its programs run with the context their hook would
/// give (XDP through [XdpContext] and the rewriter; socket filters through the `__sk_buff`
/// [ContextLayout]; `bpf_sock_addr` and tracepoint records as Linux lays them out, or no
/// context for programs that never read theirs), and the effect checked where a user would see
/// it: map contents, ring buffer records, the trace log, return values. `xdp_proto_count.o`
/// has its own test, [XdpProtoCountTest]; the daemon's tests load every `pass` program of the
/// inventory through the host service.
class SamplesEndToEndTest {
    private static final int XDP_ABORTED = 0;
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;
    /// The fixed clock the helpers read (ktime_get_ns).
    private static final long NOW = 1_000_000L;
    /// The host layout of a socket filter's `__sk_buff`.
    private static final ContextLayout SK_BUFF = ContextLayout.of(LinuxContexts.SK_BUFF_SOCKET_FILTER);

    /// One sample object in a fresh tenant: its maps created, its programs loadable.
    private static final class Sample implements AutoCloseable {
        final CollectionSpec spec;
        final TenantMemory memory = TenantMemory.allocate("tenant", 1 << 21);
        final MapRegistry registry = new MapRegistry(memory, 2);
        final TraceLog trace = new TraceLog();
        final HelperTable helpers = LinuxHelpers.table(registry, trace, () -> NOW);
        final List<BpfMap> maps;
        private final Region xdpCtx;
        final Region packet;

        Sample(String object) throws IOException {
            this.spec = ElfObjectReader.read(TestPaths.requireInRoot("samples").resolve(object));
            this.maps = registry.createAll(spec.maps());
            this.xdpCtx = XdpContext.allocate(memory);
            this.packet = memory.allocate("packet", 2048, 8, true);
        }

        /// Program `name` bound to the maps (and its context loads rewritten for XDP and socket
        /// filters), loaded.
        ExecutionEngine.LoadedCode load(ExecutionEngine engine, String name) {
            ProgramSpec p = spec.program(name).orElseThrow();
            InsnSeq bound = MapBinder.bind(p.insns(), maps, registry);
            InsnSeq code = switch (p.type()) {
                case XDP -> XdpContext.rewriter().rewrite(bound);
                case SOCKET_FILTER -> SK_BUFF.rewriter().rewrite(bound);
                default -> bound;
            };
            return engine.load(code, helpers);
        }

        ExecContext context(int slot) {
            return new ExecContext(memory, slot).allowPermanently(registry.programRegions());
        }

        <M extends BpfMap> M map(String name, Class<M> type) {
            return type.cast(registry.byName(name).orElseThrow());
        }

        /// Runs an XDP program over `frame` received on `ifindex`; returns its verdict.
        long xdp(ExecutionEngine.LoadedCode code, ExecContext ctx, byte[] frame, int ifindex) {
            return xdp(code, ctx, frame, ifindex, 0);
        }

        /// Runs an XDP program over `frame` received on `ifindex`, queue `rxQueue`.
        long xdp(ExecutionEngine.LoadedCode code, ExecContext ctx, byte[] frame, int ifindex, int rxQueue) {
            Region data = new Region("packet data", packet.address(), frame.length, true);
            memory.write(data.address(), frame);
            XdpContext.fill(memory, xdpCtx, data, ifindex, rxQueue);
            return code.run(ctx.reset().allow(xdpCtx).allow(data), xdpCtx.address());
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    private static byte[] frame(int length) {
        byte[] f = new byte[length];
        for (int i = 0; i < length; i++) {
            f[i] = (byte) (i * 7 + 3);
        }
        return f;
    }

    private static byte[] comm(String name) {
        return Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16);
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void ringbufEventsReachTheConsumer(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("ringbuf_events.o")) {
            RingBufferMap rb = s.map("rb", RingBufferMap.class);
            ExecutionEngine.LoadedCode reserve = s.load(engine, "exec_reserve");
            ExecutionEngine.LoadedCode output = s.load(engine, "exec_output");
            ExecContext ctx = s.context(0);
            // The programs never read their tracepoint record: they run without a context.
            assertEquals(0, reserve.run(ctx.reset().task(new CurrentTask(4243, 4242, "bash"))));
            assertEquals(0, output.run(ctx.reset().task(new CurrentTask(7, 7, "a-very-long-command-name"))));
            // tgid 0 (the idle task): reserved, then discarded.
            assertEquals(0, reserve.run(ctx.reset().task(new CurrentTask(0, 0, "swapper/0"))));

            assertArrayEquals(event(4242, 1, comm("bash")), rb.poll().orElseThrow());
            assertArrayEquals(event(7, 2, comm("a-very-long-com")), rb.poll().orElseThrow());
            assertTrue(rb.poll().isEmpty(), "the discarded record is not delivered");
            assertEquals(0, rb.pending());
        }
    }

    /// `struct event { u32 pid; u32 kind; u64 ts_ns; char comm[16]; }`.
    private static byte[] event(int pid, int kind, byte[] comm) {
        return ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putInt(pid).putInt(kind).putLong(NOW).put(comm)
                .array();
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void tailCallsFollowTheProgArray(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("tail_call.o")) {
            ProgArrayMap table = s.map("jmp_table", ProgArrayMap.class);
            ExecutionEngine.LoadedCode entry = s.load(engine, "xdp_entry");
            ExecContext ctx = s.context(1);
            byte[] f = frame(64);
            assertEquals(XDP_DROP, s.xdp(entry, ctx, f, 1), "an empty slot 0: xdp_entry falls through");

            // What libbpf does with the map's BTF initial values: each slot gets its program.
            MapSpec jmp = s.spec.map("jmp_table").orElseThrow();
            assertEquals(List.of(new MapSlot(0, "prog_a"), new MapSlot(1, "prog_b")), jmp.initialSlots());
            TailCallTarget progA = new TailCallTarget(1, "prog_a", s.load(engine, "prog_a"));
            TailCallTarget progB = new TailCallTarget(2, "prog_b", s.load(engine, "prog_b"));
            table.put(0, progA);
            assertEquals(XDP_ABORTED, s.xdp(entry, ctx, f, 1), "prog_a's verdict when its own tail call fails");
            table.put(1, progB);
            assertEquals(XDP_PASS, s.xdp(entry, ctx, f, 1), "prog_b's verdict through xdp_entry → prog_a → prog_b");
            assertEquals(0, ctx.tailCallDepth());
            assertArrayEquals(TestSpecs.u32(2), table.lookup(TestSpecs.u32(1)).orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void globalDataCountsFramesAndReadsTheRodataLimit(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("global_data.o")) {
            ArrayMap data = s.map(".data", ArrayMap.class);
            ArrayMap bss = s.map(".bss", ArrayMap.class);
            ArrayMap rodata = s.map(".rodata", ArrayMap.class);
            ExecutionEngine.LoadedCode code = s.load(engine, "xdp_global");
            ExecContext ctx = s.context(0);
            // .rodata holds max_len = 1514 at offset 0, then the printk format.
            assertEquals(1514, TestSpecs.asU32(Arrays.copyOf(rodata.lookup(TestSpecs.u32(0)).orElseThrow(), 4)));

            assertEquals(XDP_PASS, s.xdp(code, ctx, frame(60), 1));
            assertEquals(XDP_PASS, s.xdp(code, ctx, frame(1514), 1));
            assertEquals(XDP_DROP, s.xdp(code, ctx, frame(1600), 1));

            assertEquals(100 + 60 + 1514 + 1600, TestSpecs.asU64(data.lookup(TestSpecs.u32(0)).orElseThrow()));
            byte[] counters = bss.lookup(TestSpecs.u32(0)).orElseThrow();
            assertEquals(3, TestSpecs.asU64(Arrays.copyOfRange(counters, 0, 8)), "packets");
            assertEquals(1, TestSpecs.asU64(Arrays.copyOfRange(counters, 8, 16)), "too_long");
            assertEquals(List.of(new TraceLog.Line(0, 0, "long frame 1600 > 1514")), s.trace.lines());
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void bpfToBpfCallsComputeTheVerdict(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("bpf_to_bpf_call.o")) {
            ExecutionEngine.LoadedCode code = s.load(engine, "xdp_calls");
            ExecContext ctx = s.context(0);
            int drops = 0;
            for (int len : new int[] {14, 60, 1500, 1501, 1502, 1503, 1600, 2048}) {
                for (int ifindex : new int[] {0, 1, 2, 3, 7}) {
                    long verdict = s.xdp(code, ctx, frame(len), ifindex);
                    assertEquals(xdpCallsVerdict(len, ifindex), verdict, "length " + len + ", ifindex " + ifindex);
                    drops += verdict == XDP_DROP ? 1 : 0;
                }
            }
            assertTrue(drops > 0, "some frames are dropped");
        }
    }

    /// What xdp_calls computes: `mix(len, ifindex)`, dropped when odd and len > 1500.
    private static int xdpCallsVerdict(int len, int ifindex) {
        int x = len * 31 + ifindex;
        int h = (x ^ (x >>> 7)) & 0xff;
        return (h & 1) != 0 && len > 1500 ? XDP_DROP : XDP_PASS;
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void boundedLoopsSumPacketBytesAndMapSlots(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("bounded_loop.o")) {
            ArrayMap table = s.map("table", ArrayMap.class);
            ArrayMap result = s.map("result", ArrayMap.class);
            ExecutionEngine.LoadedCode sum16 = s.load(engine, "xdp_sum16");
            ExecutionEngine.LoadedCode sumValues = s.load(engine, "sum_values");
            ExecContext ctx = s.context(0);

            byte[] f = frame(64);
            assertEquals(XDP_PASS, s.xdp(sum16, ctx, f, 1));
            assertEquals(byteSum(f, 16), TestSpecs.asU64(result.lookup(TestSpecs.u32(0)).orElseThrow()));
            byte[] shortFrame = frame(5);
            assertEquals(XDP_PASS, s.xdp(sum16, ctx, shortFrame, 1));
            assertEquals(byteSum(shortFrame, 5), TestSpecs.asU64(result.lookup(TestSpecs.u32(0)).orElseThrow()),
                    "the loop stops at data_end");

            ByteBuffer slots = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
            long expected = 0;
            for (int i = 0; i < 64; i++) {
                int v = i == 63 ? -1 : i * 1000 + 1;
                slots.putInt(v);
                expected += Integer.toUnsignedLong(v);
            }
            table.update(TestSpecs.u32(0), slots.array(), BpfMap.ANY);
            assertEquals(XDP_PASS, s.xdp(sumValues, ctx, f, 1));
            assertEquals(expected, TestSpecs.asU64(result.lookup(TestSpecs.u32(1)).orElseThrow()));
        }
    }

    private static long byteSum(byte[] b, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += b[i] & 0xff;
        }
        return sum;
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void pidCounterCountsPerProcessAcrossBothPrograms(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("pid_counter.o")) {
            HashTableMap counts = s.map("counts", HashTableMap.class);
            ExecutionEngine.LoadedCode tp = s.load(engine, "count_drop_tp");
            ExecutionEngine.LoadedCode kprobe = s.load(engine, "count_drop_kprobe");
            ExecContext[] slots = {s.context(0), s.context(1)};
            // Neither program reads its context: they run without one.
            int[][] runs = {{100, 101}, {100, 100}, {200, 201}, {100, 102}, {300, 300}, {200, 200}};
            for (int i = 0; i < runs.length; i++) {
                ExecContext ctx = slots[i % 2].reset().task(new CurrentTask(runs[i][1], runs[i][0], "worker"));
                assertEquals(0, (i % 3 == 0 ? tp : kprobe).run(ctx));
            }
            Map<Long, Long> byPid = new TreeMap<>();
            counts.dump().forEach(e -> byPid.put(TestSpecs.asU32(e.key()), TestSpecs.asU64(e.value())));
            assertEquals(Map.of(100L, 3L, 200L, 2L, 300L, 1L), byPid);
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void execveTracePrintsTheTaskAndFileName(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("execve_trace.o")) {
            ExecutionEngine.LoadedCode code = s.load(engine, "trace_execve");
            // struct sys_enter_execve_args: 40 bytes, the filename pointer at offset 16.
            Region record = s.memory.allocate("sys_enter_execve record", 40, 8, false);
            ExecContext ctx = s.context(0);
            CurrentTask task = new CurrentTask(4243, 4242, "bash");

            assertEquals(0, code.run(ctx.reset().allow(record).task(task), record.address()));

            Region filename = s.memory.allocate("filename", 16, 8, false);
            s.memory.write(filename.address(), "/usr/bin/ls\0".getBytes(StandardCharsets.US_ASCII));
            s.memory.write(record.address() + 16, TestSpecs.u64(filename.address()));
            assertEquals(0, code.run(ctx.reset().allow(record).allow(filename).task(task), record.address()));

            assertEquals(List.of(
                    new TraceLog.Line(0, 0, "execve pid=4242 comm=bash file="),
                    new TraceLog.Line(1, 0, "execve pid=4242 comm=bash file=/usr/bin/ls")), s.trace.lines());
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void lpmTrieDropsSourcesOfBlockedPrefixes(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("lpm_trie.o")) {
            LpmTrieMap blocked = s.map("blocked_prefixes", LpmTrieMap.class);
            ExecutionEngine.LoadedCode code = s.load(engine, "xdp_lpm");
            ExecContext ctx = s.context(0);
            blocked.update(prefix(10, 0, 0, 0, 8), TestSpecs.u32(1), BpfMap.ANY);
            blocked.update(prefix(10, 1, 0, 0, 16), TestSpecs.u32(0), BpfMap.ANY);
            blocked.update(prefix(192, 168, 7, 7, 32), TestSpecs.u32(1), BpfMap.ANY);

            assertEquals(XDP_DROP, s.xdp(code, ctx, ipv4From(10, 2, 3, 4), 1));
            assertEquals(XDP_PASS, s.xdp(code, ctx, ipv4From(10, 1, 3, 4), 1), "a longer prefix allows it");
            assertEquals(XDP_DROP, s.xdp(code, ctx, ipv4From(192, 168, 7, 7), 1));
            assertEquals(XDP_PASS, s.xdp(code, ctx, ipv4From(192, 168, 7, 8), 1));
            byte[] arp = ipv4From(10, 2, 3, 4);
            arp[12] = 0x08;
            arp[13] = 0x06;
            assertEquals(XDP_PASS, s.xdp(code, ctx, arp, 1), "not IPv4");
            assertEquals(XDP_PASS, s.xdp(code, ctx, Arrays.copyOf(ipv4From(10, 2, 3, 4), 30), 1), "truncated");
        }
    }

    /// An `ipv4_lpm_key`: prefix length, then the address in network order.
    private static byte[] prefix(int a, int b, int c, int d, int prefixlen) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(prefixlen).put((byte) a).put((byte) b)
                .put((byte) c).put((byte) d).array();
    }

    /// A 64-byte Ethernet frame carrying IPv4 from `a.b.c.d`.
    private static byte[] ipv4From(int a, int b, int c, int d) {
        byte[] f = frame(64);
        f[12] = 0x08;
        f[13] = 0x00;
        f[14] = 0x45;
        f[26] = (byte) a;
        f[27] = (byte) b;
        f[28] = (byte) c;
        f[29] = (byte) d;
        return f;
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void mapInMapLookupsReachTheInnerMaps(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("map_in_map.o")) {
            // What libbpf does with the outer maps' BTF initial values: each slot gets its map.
            for (BpfMap m : s.maps) {
                if (m instanceof MapOfMaps outer) {
                    for (MapSlot slot : m.spec().initialSlots()) {
                        BpfMap inner = s.registry.byName(slot.target()).orElseThrow();
                        outer.put(TestSpecs.u32(slot.slot()), new InnerMapRef(s.maps.indexOf(inner) + 1, inner,
                                s.registry.handleOf(inner)), BpfMap.ANY);
                    }
                }
            }
            ArrayMap inner1 = s.map("inner_map1", ArrayMap.class);
            ArrayMap inner2 = s.map("inner_map2", ArrayMap.class);
            ExecutionEngine.LoadedCode mim = s.load(engine, "xdp_mim");
            ExecutionEngine.LoadedCode mimHash = s.load(engine, "xdp_mim_hash");
            ExecContext ctx = s.context(0);
            byte[] f = frame(64);
            for (int queue : new int[] {0, 1, 2, 3, 4}) {
                assertEquals(XDP_PASS, s.xdp(mim, ctx, f, 1, queue));
            }
            assertEquals(3, counter(inner1), "even queues count in inner_map1");
            assertEquals(2, counter(inner2), "odd queues count in inner_map2");
            for (int ifindex : new int[] {1, 1, 2, 3}) {
                assertEquals(XDP_PASS, s.xdp(mimHash, ctx, f, ifindex));
            }
            assertEquals(4, counter(inner2), "ifindex 1 maps to inner_map2; 2 and 3 to no map");

            // Another inner map put in place of inner_map1 takes its counts from then on.
            ArrayMap spare = (ArrayMap) s.registry.create(m("spare", inner1.spec()));
            s.map("outer_arr", ArrayOfMapsMap.class).put(TestSpecs.u32(0), new InnerMapRef(99, spare,
                    s.registry.handleOf(spare)), BpfMap.ANY);
            assertEquals(99, TestSpecs.asU32(s.map("outer_arr", ArrayOfMapsMap.class).lookup(TestSpecs.u32(0))
                    .orElseThrow()));
            assertEquals(XDP_PASS, s.xdp(mim, s.context(1), f, 1, 0));
            assertEquals(1, counter(spare));
            assertEquals(3, counter(inner1));
        }
    }

    private static long counter(ArrayMap inner) {
        return TestSpecs.asU64(inner.lookup(TestSpecs.u32(0)).orElseThrow());
    }

    private static MapSpec m(String name, MapSpec like) {
        return new MapSpec(name, like.type(), like.keySize(), like.valueSize(), like.maxEntries(), like.flags(), 0, 0, 0,
                Optional.empty(), new byte[0], List.of(), false, Optional.empty(), Optional.empty(), like.origin());
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void connect4PolicyDeniesTelnetAndListedPorts(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("sockaddr_connect4.o")) {
            HashTableMap denied = s.map("denied_ports", HashTableMap.class);
            ArrayMap denials = s.map("denials", ArrayMap.class);
            ExecutionEngine.LoadedCode code = s.load(engine, "connect4_policy");
            Region sockAddr = s.memory.allocate("bpf_sock_addr", LinuxContexts.SOCK_ADDR.size(), 8, true);
            ExecContext ctx = s.context(0);
            assertEquals(1, connect(s, code, ctx, sockAddr, new byte[] {127, 0, 0, 1}, 23), "loopback is never denied");
            assertEquals(0, connect(s, code, ctx, sockAddr, new byte[] {10, 0, 0, 1}, 23), "telnet");
            assertEquals(1, connect(s, code, ctx, sockAddr, new byte[] {10, 0, 0, 1}, 80));
            // denied_ports: __u16 port in host order -> __u8.
            denied.update(new byte[] {(byte) 0x90, 0x1f}, new byte[] {1}, BpfMap.ANY);
            assertEquals(0, connect(s, code, ctx, sockAddr, new byte[] {10, 0, 0, 1}, 8080));
            assertEquals(2, TestSpecs.asU64(denials.lookup(TestSpecs.u32(0)).orElseThrow()));
        }
    }

    /// Runs `connect4_policy` for a TCP connect() to `ip:port`, with `bpf_sock_addr` as Linux
    /// lays it out (user_ip4 and user_port in network order).
    private static long connect(Sample s, ExecutionEngine.LoadedCode code, ExecContext ctx, Region sockAddr, byte[] ip,
                                int port) {
        ByteBuffer b = ByteBuffer.allocate(LinuxContexts.SOCK_ADDR.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 2).put(4, ip).put(24, (byte) (port >>> 8)).put(25, (byte) port).putInt(28, 2).putInt(32, 1)
                .putInt(36, 6);
        s.memory.write(sockAddr.address(), b.array());
        return code.run(ctx.reset().allow(sockAddr).task(new CurrentTask(10, 10, "curl")), sockAddr.address());
    }

    /// `legacy_maps.o` is `reject_load` for libbpf ≥ 1.0, which refuses its `SEC("maps")`; this
    /// host reads legacy maps, and runs `count_bytes` as a packet socket's filter sees a frame:
    /// from its Ethernet header (so `ld_abs` 23 is the IPv4 protocol), `len` the whole frame.
    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void socketFilterCountsBytesPerProtocol(ExecutionEngine engine) throws IOException {
        try (Sample s = new Sample("legacy_maps.o")) {
            ArrayMap bytes = s.map("proto_bytes", ArrayMap.class);
            ExecutionEngine.LoadedCode code = s.load(engine, "count_bytes");
            Region skb = SK_BUFF.allocate(s.memory);
            ExecContext ctx = s.context(0);
            for (int[] frame : new int[][] {{6, 60}, {17, 100}, {6, 1000}, {1, 98}}) {
                byte[] f = frame(frame[1]);
                f[23] = (byte) frame[0];
                Region packet = new Region("packet data", s.packet.address(), f.length, false);
                s.memory.write(packet.address(), f);
                byte[] fields = ByteBuffer.allocate(LinuxContexts.SK_BUFF_SOCKET_FILTER.size()).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(0, f.length).array();
                SK_BUFF.fill(s.memory, skb, fields, Optional.of(packet));
                assertEquals(0, code.run(ctx.reset().allow(skb).packet(packet), skb.address()));
            }
            assertEquals(1060, TestSpecs.asU64(bytes.lookup(TestSpecs.u32(6)).orElseThrow()));
            assertEquals(100, TestSpecs.asU64(bytes.lookup(TestSpecs.u32(17)).orElseThrow()));
            assertEquals(98, TestSpecs.asU64(bytes.lookup(TestSpecs.u32(1)).orElseThrow()));
        }
    }
}
