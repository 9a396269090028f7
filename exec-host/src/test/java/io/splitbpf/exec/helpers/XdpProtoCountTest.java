package io.splitbpf.exec.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.exec.context.XdpContext;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.maps.PerSlotArrayMap;
import io.splitbpf.exec.maps.TestSpecs;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// samples/xdp_proto_count.o end to end: read the object, create its maps, bind them, rewrite
/// its xdp_md accesses and run it over packets in two execution slots.
class XdpProtoCountTest {
    private static final int XDP_PASS = 2;

    private static byte[] ethernet(String etherType, String payload) {
        return HexFormat.of().parseHex("ffffffffffff" + "020000000001" + etherType + payload);
    }

    private static final byte[] TCP4 = ethernet("0800", "45000028000040004006" + "0000".repeat(5) + "00".repeat(20));
    private static final byte[] UDP6_QINQ = ethernet("88a8" + "0064" + "8100" + "00c8" + "86dd",
            "60000000000811ff" + "00".repeat(32) + "00".repeat(8));
    private static final byte[] ARP = ethernet("0806", "00".repeat(28));
    private static final byte[] RUNT = HexFormat.of().parseHex("ffffffffffff02");
    private static final byte[] TRUNCATED_IP4 = ethernet("0800", "4500");

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void countsPacketsPerIpProtocolPerSlot(ExecutionEngine engine) throws Exception {
        Path object = TestPaths.requireInRoot("samples").resolve("xdp_proto_count.o");
        CollectionSpec spec = ElfObjectReader.read(object);
        ProgramSpec prog = spec.program("xdp_proto_count").orElseThrow();
        try (TenantMemory memory = TenantMemory.allocate("tenant", 1 << 20)) {
            MapRegistry registry = new MapRegistry(memory, 2);
            List<BpfMap> maps = registry.createAll(spec.maps());
            TraceLog trace = new TraceLog();
            InsnSeq bound = XdpContext.rewriter().rewrite(MapBinder.bind(prog.insns(), maps, registry));
            ExecutionEngine.LoadedCode code = engine.load(bound, LinuxHelpers.table(registry, trace));
            Region ctxRegion = XdpContext.allocate(memory);
            Region packet = memory.allocate("packet", 256, 8, true);
            ExecContext[] slots = {new ExecContext(memory, 0).allowPermanently(registry.programRegions()),
                new ExecContext(memory, 1).allowPermanently(registry.programRegions())};
            byte[][] packets = {TCP4, TCP4, UDP6_QINQ, ARP, RUNT, TRUNCATED_IP4, TCP4};
            for (int i = 0; i < packets.length; i++) {
                Region data = new Region("packet data", packet.address(), packets[i].length, true);
                memory.write(data.address(), packets[i]);
                XdpContext.fill(memory, ctxRegion, data, 1, 0);
                ExecContext ctx = slots[i % 2].reset().allow(ctxRegion).allow(data);
                assertEquals(XDP_PASS, code.run(ctx, ctxRegion.address()));
            }
            PerSlotArrayMap rxcnt = (PerSlotArrayMap) registry.byName("rxcnt").orElseThrow();
            assertEquals(List.of(2L, 1L), counts(rxcnt, 6));
            assertEquals(List.of(1L, 0L), counts(rxcnt, 17));
            // ARP and the truncated IPv4 header count as protocol 0; the runt returns early.
            assertEquals(List.of(0L, 2L), counts(rxcnt, 0));
        }
    }

    private static List<Long> counts(PerSlotArrayMap map, int proto) {
        return map.lookupPerSlot(TestSpecs.u32(proto)).orElseThrow().stream().map(TestSpecs::asU64).toList();
    }
}
