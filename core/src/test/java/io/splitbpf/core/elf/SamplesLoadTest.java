package io.splitbpf.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.FunctionInfo;
import io.splitbpf.core.spec.MapSlot;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/// The project's own sample objects (`samples/*.o`, `samples/obj-eb/*.o`, built by
/// `samples/build.sh`) load with the programs and maps their sources define.
class SamplesLoadTest {
    private static CollectionSpec load(String name) throws IOException {
        return ElfObjectReader.read(TestData.samples().resolve(name));
    }

    @TestFactory
    Stream<DynamicTest> everySampleLoads() {
        Path samples = TestData.samples();
        return TestData.objects(samples).stream().map(p -> DynamicTest.dynamicTest(
                samples.relativize(p).toString(), () -> {
                    CollectionSpec spec = ElfObjectReader.read(p);
                    assertFalse(spec.programs().isEmpty());
                    for (ProgramSpec prog : spec.programs()) {
                        assertTrue(prog.insns().insns().stream().anyMatch(li -> li.loc().isPresent()),
                                prog.name() + " has no line info");
                        for (int i : prog.mapIndices()) {
                            assertTrue(i >= 0 && i < spec.maps().size());
                        }
                    }
                }));
    }

    @Test
    void xdpProtoCount() throws IOException {
        CollectionSpec spec = load("xdp_proto_count.o");
        ProgramSpec p = spec.program("xdp_proto_count").orElseThrow();
        assertEquals(ProgramType.XDP, p.type());
        assertEquals(Optional.of(AttachType.XDP), p.attachType());
        MapSpec rxcnt = spec.map("rxcnt").orElseThrow();
        assertEquals(MapType.PERCPU_ARRAY, rxcnt.type());
        assertEquals(256, rxcnt.maxEntries());
        assertEquals(4, rxcnt.keySize());
        assertEquals(8, rxcnt.valueSize());
        assertEquals(Optional.of("__u32"), rxcnt.keyType());
        assertEquals(List.of(spec.mapIndex("rxcnt")), p.mapIndices());
        LabeledInsn first = p.insns().insns().getFirst();
        // build.sh compiles from the checkout with -fdebug-compilation-dir=., so the file is
        // named relative to the checkout, and line info carries the source text.
        assertEquals("./samples/src/xdp_proto_count.c", first.loc().orElseThrow().file());
        assertEquals("void *data_end = (void *)(long)ctx->data_end;", first.loc().orElseThrow().text().strip());
    }

    /// Big-endian builds have the same shape; constants differ (byte-order-dependent code and
    /// data), so only the structure is compared.
    @Test
    void bigEndianBuildsHaveTheSameShape() throws IOException {
        for (String name : List.of("xdp_proto_count.o", "global_data.o", "bpf_to_bpf_call.o")) {
            Path eb = TestData.samples().resolve("obj-eb").resolve(name);
            if (!Files.exists(eb)) {
                continue;
            }
            assertEquals(shape(load(name)), shape(ElfObjectReader.read(eb)), name);
        }
    }

    private static List<String> shape(CollectionSpec spec) {
        Stream<String> progs = spec.programs().stream().map(p -> p.name() + " " + p.type() + " "
                + p.insns().slotCount() + " " + p.functions() + " " + p.mapIndices() + " "
                + p.insns().insns().stream().map(li -> li.insn().getClass().getSimpleName() + "@" + li.loc()).toList());
        Stream<String> maps = spec.maps().stream().map(m -> m.name() + " " + m.type() + " " + m.keySize() + " "
                + m.valueSize() + " " + m.maxEntries() + " " + m.flags() + " " + m.keyType() + " " + m.valueType());
        return Stream.concat(progs, maps).toList();
    }

    @Test
    void bpfToBpfCallsAppendTextSubprograms() throws IOException {
        ProgramSpec p = load("bpf_to_bpf_call.o").program("xdp_calls").orElseThrow();
        List<FunctionInfo> fns = p.functions();
        assertEquals("xdp_calls", fns.getFirst().name());
        assertEquals(3, fns.size());
        for (LabeledInsn li : p.insns().insns()) {
            if (li.insn() instanceof CallLocal c) {
                int target = c.target(li.pc());
                assertTrue(fns.stream().anyMatch(f -> f.pc() == target), "call at " + li.pc() + " to " + target);
            }
        }
    }

    @Test
    void globalData() throws IOException {
        CollectionSpec spec = load("global_data.o");
        MapSpec rodata = spec.map(".rodata").orElseThrow();
        assertTrue(rodata.frozen());
        assertEquals(MapSpec.F_RDONLY_PROG, rodata.flags());
        assertEquals(rodata.valueSize(), rodata.initialDataSize());
        MapSpec bss = spec.map(".bss").orElseThrow();
        assertEquals(1, bss.maxEntries());
        assertEquals(4, bss.keySize());
    }

    @Test
    void tailCallInitialSlots() throws IOException {
        CollectionSpec spec = load("tail_call.o");
        MapSpec jmp = spec.maps().stream().filter(m -> m.type() == MapType.PROG_ARRAY).findFirst().orElseThrow();
        assertEquals(List.of(new MapSlot(0, "prog_a"), new MapSlot(1, "prog_b")), jmp.initialSlots());
        assertEquals(3, spec.programs().size());
    }

    @Test
    void mapInMap() throws IOException {
        CollectionSpec spec = load("map_in_map.o");
        MapSpec outer = spec.maps().stream().filter(m -> m.type() == MapType.ARRAY_OF_MAPS).findFirst().orElseThrow();
        MapSpec inner = outer.innerMap().orElseThrow();
        assertEquals(MapType.ARRAY, inner.type());
        assertFalse(outer.initialSlots().isEmpty());
        for (MapSlot s : outer.initialSlots()) {
            assertTrue(spec.map(s.target()).isPresent(), s.target());
        }
        assertTrue(spec.maps().stream().anyMatch(m -> m.type() == MapType.HASH_OF_MAPS));
    }

    @Test
    void legacyMapsAndAttachTargets() throws IOException {
        CollectionSpec legacy = load("legacy_maps.o");
        assertEquals(ProgramType.SOCKET_FILTER, legacy.programs().getFirst().type());
        assertEquals(io.splitbpf.core.spec.MapOrigin.LEGACY, legacy.maps().getFirst().origin());
        CollectionSpec pid = load("pid_counter.o");
        assertEquals("skb/kfree_skb", pid.program("count_drop_tp").orElseThrow().attachTarget());
        assertEquals(ProgramType.KPROBE, pid.program("count_drop_kprobe").orElseThrow().type());
        CollectionSpec connect = load("sockaddr_connect4.o");
        assertEquals(Optional.of(AttachType.CGROUP_INET4_CONNECT), connect.programs().getFirst().attachType());
        assertEquals(MapType.RINGBUF, load("ringbuf_events.o").maps().getFirst().type());
    }

    @Test
    void readingIsDeterministic() throws IOException {
        assertEquals(load("map_in_map.o"), load("map_in_map.o"));
    }
}
