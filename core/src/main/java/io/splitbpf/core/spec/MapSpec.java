package io.splitbpf.core.spec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// The blueprint of one map, as an object defines it: no handle and no host state.
///
/// `pinning` is libbpf's `LIBBPF_PIN_*` value (0 none, 1 by name). `initialData` holds the
/// value a global-data map starts with (the section's bytes; zeros for `.bss`) and is empty
/// for every other map. `initialSlots` are a prog_array's or map-in-map's `.values`, sorted by
/// slot. `keyType`/`valueType` are the BTF type names (`__u32`, `struct event`) where BTF named
/// them.
public record MapSpec(
        String name,
        MapType type,
        int keySize,
        int valueSize,
        int maxEntries,
        int flags,
        int pinning,
        int numaNode,
        long mapExtra,
        Optional<MapSpec> innerMap,
        byte[] initialData,
        List<MapSlot> initialSlots,
        boolean frozen,
        Optional<String> keyType,
        Optional<String> valueType,
        MapOrigin origin) {

    /// `BPF_F_RDONLY_PROG`: programs may only read the map (`.rodata`).
    public static final int F_RDONLY_PROG = 0x80;
    /// `BPF_F_NUMA_NODE`: `numaNode` is meaningful.
    public static final int F_NUMA_NODE = 0x4;

    public MapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(innerMap, "innerMap");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        initialData = initialData.clone();
        initialSlots = List.copyOf(initialSlots);
    }

    /// A copy of the initial value bytes (empty when the map has none).
    @Override
    public byte[] initialData() {
        return initialData.clone();
    }

    /// The size of the initial value in bytes, without copying it.
    public int initialDataSize() {
        return initialData.length;
    }

    /// This map with `slots` as its initial entries.
    public MapSpec withInitialSlots(List<MapSlot> slots) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, pinning, numaNode, mapExtra, innerMap,
                initialData, slots, frozen, keyType, valueType, origin);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapSpec m
                && name.equals(m.name) && type == m.type && keySize == m.keySize && valueSize == m.valueSize
                && maxEntries == m.maxEntries && flags == m.flags && pinning == m.pinning
                && numaNode == m.numaNode && mapExtra == m.mapExtra && innerMap.equals(m.innerMap)
                && Arrays.equals(initialData, m.initialData) && initialSlots.equals(m.initialSlots)
                && frozen == m.frozen && keyType.equals(m.keyType) && valueType.equals(m.valueType)
                && origin == m.origin;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, keySize, valueSize, maxEntries, flags, pinning, numaNode, mapExtra,
                innerMap, Arrays.hashCode(initialData), initialSlots, frozen, keyType, valueType, origin);
    }

    @Override
    public String toString() {
        return "MapSpec[name=" + name + ", type=" + type.bpftoolName() + ", keySize=" + keySize
                + ", valueSize=" + valueSize + ", maxEntries=" + maxEntries + ", flags=0x" + Integer.toHexString(flags)
                + ", pinning=" + pinning + ", numaNode=" + numaNode + ", mapExtra=" + mapExtra
                + ", innerMap=" + innerMap + ", initialData=" + HexFormat.of().formatHex(initialData)
                + ", initialSlots=" + initialSlots + ", frozen=" + frozen + ", keyType=" + keyType
                + ", valueType=" + valueType + ", origin=" + origin + "]";
    }
}
