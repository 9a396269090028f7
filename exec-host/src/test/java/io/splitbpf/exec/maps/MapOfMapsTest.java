package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.asU32;
import static io.splitbpf.exec.maps.TestSpecs.spec;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/// `array_of_maps` and `hash_of_maps`: inner maps must match the template as Linux's
/// `bpf_map_meta_equal` says, updates follow Linux's fd maps, Java lookups give the inner map's
/// id and program lookups its handle.
class MapOfMapsTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);
    private final MapRegistry registry = new MapRegistry(memory, 2);

    @AfterEach
    void close() {
        memory.close();
    }

    static MapSpec outer(MapType type, int key, int value, int max, Optional<MapSpec> template) {
        return new MapSpec("outer", type, key, value, max, 0, 0, 0, 0, template, new byte[0], List.of(), false,
                Optional.empty(), Optional.empty(), MapOrigin.BTF);
    }

    static Optional<MapSpec> template(MapType type, int max, int flags) {
        return Optional.of(new MapSpec("outer.inner", type, 4, 8, max, flags, 0, 0, 0, Optional.empty(), new byte[0],
                List.of(), false, Optional.empty(), Optional.empty(), MapOrigin.INNER));
    }

    private InnerMapRef inner(int id, MapSpec spec) {
        BpfMap m = registry.create(spec);
        return new InnerMapRef(id, m, registry.handleOf(m));
    }

    private static int errno(Runnable r) {
        return assertThrows(MapException.class, r::run).errno();
    }

    @Test
    void definitionsNeedAValidTemplateOfAnInnerMapType() {
        Optional<MapSpec> array = template(MapType.ARRAY, 4, 0);
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(outer(MapType.ARRAY_OF_MAPS, 4, 4, 2, Optional.empty()),
                memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(outer(MapType.ARRAY_OF_MAPS, 4, 8, 2, array), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(outer(MapType.ARRAY_OF_MAPS, 8, 4, 2, array), memory, 1)));
        assertEquals(Errno.EINVAL, errno(() -> BpfMap.create(outer(MapType.HASH_OF_MAPS, 4, 4, 2,
                Optional.of(outer(MapType.ARRAY_OF_MAPS, 4, 4, 2, array).withInitialSlots(List.of()))), memory, 1)));
        assertEquals(Errno.ENOTSUPP, errno(() -> BpfMap.create(outer(MapType.HASH_OF_MAPS, 4, 4, 2,
                template(MapType.PROG_ARRAY, 4, 0)), memory, 1)));
        MapException badTemplate = assertThrows(MapException.class, () -> BpfMap.create(outer(MapType.HASH_OF_MAPS,
                4, 4, 2, template(MapType.ARRAY, 0, 0)), memory, 1));
        assertTrue(badTemplate.getMessage().contains("its inner map template: create of map 'outer.inner': max_entries"
                + " is 0"), badTemplate.getMessage());
        assertThrows(NotSupportedException.class, () -> BpfMap.create(outer(MapType.HASH_OF_MAPS, 4, 4, 2,
                template(MapType.STACK_TRACE, 4, 0)), memory, 1));
        assertTrue(BpfMap.supportedTypes().containsAll(List.of(MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS)));
    }

    @Test
    void innerMapsMustMatchTheTemplate() {
        ArrayOfMapsMap arrays = (ArrayOfMapsMap) registry.create(outer(MapType.ARRAY_OF_MAPS, 4, 4, 4,
                template(MapType.ARRAY, 4, 0)));
        assertTrue(arrays.accepts(registry.create(spec("a", MapType.ARRAY, 4, 8, 4))));
        assertFalse(arrays.accepts(registry.create(spec("b", MapType.ARRAY, 4, 8, 5))), "an array's size counts");
        assertFalse(arrays.accepts(registry.create(spec("c", MapType.ARRAY, 4, 16, 4))));
        assertFalse(arrays.accepts(registry.create(spec("d", MapType.PERCPU_ARRAY, 4, 8, 4))));
        MapException e = assertThrows(MapException.class, () -> arrays.put(u32(0), inner(9,
                spec("wide", MapType.ARRAY, 4, 16, 4)), BpfMap.ANY));
        assertEquals("update of map 'outer': inner map 'wide' (array, key 4, value 16, max_entries 4, flags 0x0) does not"
                + " match the template (array, key 4, value 8, max_entries 4, flags 0x0) (EINVAL)", e.getMessage());

        MapOfMaps innerFlag = (MapOfMaps) registry.create(outer(MapType.ARRAY_OF_MAPS, 4, 4, 4,
                template(MapType.ARRAY, 4, MapOfMaps.F_INNER_MAP)));
        MapSpec flagged = new MapSpec("big", MapType.ARRAY, 4, 8, 100, MapOfMaps.F_INNER_MAP, 0, 0, 0, Optional.empty(),
                new byte[0], List.of(), false, Optional.empty(), Optional.empty(), MapOrigin.BTF);
        assertTrue(innerFlag.accepts(registry.create(flagged)), "BPF_F_INNER_MAP: any max_entries");
        MapOfMaps hashes = (MapOfMaps) registry.create(outer(MapType.HASH_OF_MAPS, 4, 4, 4,
                template(MapType.HASH, 4, 0)));
        assertTrue(hashes.accepts(registry.create(spec("h", MapType.HASH, 4, 8, 64))), "a hash's size does not count");
    }

    @Test
    void arraysOfMapsBehaveAsLinuxFdArrays() {
        ArrayOfMapsMap a = (ArrayOfMapsMap) registry.create(outer(MapType.ARRAY_OF_MAPS, 4, 4, 3,
                template(MapType.ARRAY, 4, 0)));
        InnerMapRef one = inner(11, spec("one", MapType.ARRAY, 4, 8, 4));
        InnerMapRef two = inner(12, spec("two", MapType.ARRAY, 4, 8, 4));
        a.put(u32(0), one, BpfMap.ANY);
        a.put(u32(2), two, BpfMap.ANY);
        assertEquals(Errno.EINVAL, errno(() -> a.put(u32(1), one, BpfMap.NOEXIST)));
        assertEquals(Errno.E2BIG, errno(() -> a.put(u32(3), one, BpfMap.ANY)));
        assertEquals(Errno.EINVAL, errno(() -> a.update(u32(1), u32(11), BpfMap.ANY)));
        assertEquals(11, asU32(a.lookup(u32(0)).orElseThrow()), "user space sees the inner map's id");
        assertEquals(Optional.empty(), a.lookup(u32(1)));
        assertEquals(List.of(0L, 2L), a.dump().stream().map(e -> asU32(e.key())).toList());
        assertEquals(List.of(one, two), a.innerMaps());
        assertEquals(one.handle(), a.programLookup(u32(0), 0));
        Region key = memory.allocate("key", 4, 4, true);
        memory.write(key.address(), u32(2));
        assertEquals(two.handle(), a.programLookupAt(memory.segment(), key.address() - TenantMemory.BASE, 1));
        memory.write(key.address(), u32(7));
        assertEquals(0, a.programLookupAt(memory.segment(), key.address() - TenantMemory.BASE, 1));
        assertEquals(Errno.ENOENT, errno(() -> a.delete(u32(1))));
        assertEquals(Errno.E2BIG, errno(() -> a.delete(u32(5))));
        a.delete(u32(0));
        assertEquals(0, a.programLookup(u32(0), 0));
        assertThrows(IllegalArgumentException.class, () -> a.programUpdate(u32(0), key.address(), BpfMap.ANY, 0));
        assertEquals(Optional.empty(), a.valueRegion());
    }

    @Test
    void hashesOfMapsBehaveAsHashMaps() {
        HashOfMapsMap h = (HashOfMapsMap) registry.create(outer(MapType.HASH_OF_MAPS, 4, 4, 2,
                template(MapType.ARRAY, 4, 0)));
        InnerMapRef one = inner(21, spec("one", MapType.ARRAY, 4, 8, 4));
        InnerMapRef two = inner(22, spec("two", MapType.ARRAY, 4, 8, 4));
        h.put(u32(7), one, BpfMap.NOEXIST);
        assertEquals(Errno.EEXIST, errno(() -> h.put(u32(7), two, BpfMap.NOEXIST)));
        assertEquals(Errno.ENOENT, errno(() -> h.put(u32(8), two, BpfMap.EXIST)));
        h.put(u32(7), two, BpfMap.EXIST);
        h.put(u32(1), one, BpfMap.ANY);
        assertEquals(Errno.E2BIG, errno(() -> h.put(u32(9), one, BpfMap.ANY)));
        assertEquals(22, asU32(h.lookup(u32(7)).orElseThrow()));
        assertEquals(List.of(1L, 7L), h.dump().stream().map(e -> asU32(e.key())).toList());
        assertEquals(two.handle(), h.programLookup(u32(7), 1));
        assertEquals(0, h.programLookup(u32(8), 1));
        assertEquals(2, h.innerMaps().size());
        h.delete(u32(7));
        assertEquals(Errno.ENOENT, errno(() -> h.delete(u32(7))));
        assertEquals(List.of(one), h.innerMaps());
        assertEquals(1, h.size());
    }
}
