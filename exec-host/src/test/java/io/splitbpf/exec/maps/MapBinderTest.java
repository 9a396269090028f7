package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.LoadException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MapBinderTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);
    private final MapRegistry registry = new MapRegistry(memory, 1);

    @AfterEach
    void close() {
        memory.close();
    }

    @Test
    void mapReferencesBecomeHandlesAndValueReferencesAddresses() {
        BpfMap hash = registry.create(spec("h", MapType.HASH, 4, 8, 4));
        ArrayMap data = (ArrayMap) registry.create(TestSpecs.globalData(".data", new byte[16], false));
        InsnSeq program = InsnSeq.ofInsns(List.of(
                LoadImm64.mapRef(Reg.R1, 0),
                new LoadImm64(Reg.R2, PseudoSource.MAP_IDX, 1, 0),
                LoadImm64.mapValue(Reg.R3, 1, 12),
                new LoadImm64(Reg.R4, PseudoSource.MAP_IDX_VALUE, 1, 4),
                new Exit()));
        InsnSeq bound = MapBinder.bind(program, List.of(hash, data), registry);
        assertEquals(LoadImm64.of(Reg.R1, registry.handleOf(hash)), bound.at(0).insn());
        assertEquals(LoadImm64.of(Reg.R2, registry.handleOf(data)), bound.at(2).insn());
        assertEquals(LoadImm64.of(Reg.R3, data.elementAddress(0) + 12), bound.at(4).insn());
        assertEquals(LoadImm64.of(Reg.R4, data.elementAddress(0) + 4), bound.at(6).insn());
        assertEquals(hash, registry.byHandle(registry.handleOf(hash)).orElseThrow());
        assertTrue(registry.byHandle(registry.handleOf(hash) + 1).isEmpty());
        assertEquals(List.of(hash.valueRegion().orElseThrow(), data.valueRegion().orElseThrow()),
                registry.programRegions());
    }

    @Test
    void badReferencesAreLoadErrorsNamingThePc() {
        BpfMap hash = registry.create(spec("h", MapType.HASH, 4, 8, 4));
        ArrayMap data = (ArrayMap) registry.create(TestSpecs.globalData(".data", new byte[16], false));
        assertEquals("pc 0: lddw references map #2, but the program has 2 maps", assertThrows(LoadException.class,
                () -> bind(LoadImm64.mapRef(Reg.R1, 2), hash, data)).getMessage());
        assertEquals("pc 0: lddw of a value address needs an array map of one element; hash map 'h' is a hash of"
                + " 4 entries", assertThrows(LoadException.class,
                () -> bind(LoadImm64.mapValue(Reg.R1, 0, 0), hash, data)).getMessage());
        assertEquals("pc 0: lddw value offset 16 is outside array map '.data' (value_size 16)",
                assertThrows(LoadException.class, () -> bind(LoadImm64.mapValue(Reg.R1, 1, 16), hash, data))
                        .getMessage());
    }

    private InsnSeq bind(LoadImm64 insn, BpfMap... maps) {
        return MapBinder.bind(InsnSeq.ofInsns(List.of(insn, new Exit())), List.of(maps), registry);
    }
}
