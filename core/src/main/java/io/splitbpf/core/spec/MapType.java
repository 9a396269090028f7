package io.splitbpf.core.spec;

import java.util.Locale;
import java.util.Optional;

/// A map type, with Linux's numeric id (`enum bpf_map_type`) and bpftool's name (the constant in
/// lower case, e.g. `percpu_array`, `ringbuf`).
public enum MapType {
    UNSPEC(0),
    HASH(1),
    ARRAY(2),
    PROG_ARRAY(3),
    PERF_EVENT_ARRAY(4),
    PERCPU_HASH(5),
    PERCPU_ARRAY(6),
    STACK_TRACE(7),
    CGROUP_ARRAY(8),
    LRU_HASH(9),
    LRU_PERCPU_HASH(10),
    LPM_TRIE(11),
    ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13),
    DEVMAP(14),
    SOCKMAP(15),
    CPUMAP(16),
    XSKMAP(17),
    SOCKHASH(18),
    CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20),
    PERCPU_CGROUP_STORAGE(21),
    QUEUE(22),
    STACK(23),
    SK_STORAGE(24),
    DEVMAP_HASH(25),
    STRUCT_OPS(26),
    RINGBUF(27),
    INODE_STORAGE(28),
    TASK_STORAGE(29),
    BLOOM_FILTER(30),
    USER_RINGBUF(31),
    CGRP_STORAGE(32),
    ARENA(33),
    INSN_ARRAY(34),
    RHASH(35);

    private final int id;

    MapType(int id) {
        this.id = id;
    }

    /// Linux's numeric id.
    public int id() {
        return id;
    }

    /// bpftool's name for the type.
    public String bpftoolName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /// Whether values of this map are maps (map-in-map).
    public boolean isMapOfMaps() {
        return this == ARRAY_OF_MAPS || this == HASH_OF_MAPS;
    }

    /// Whether the map may carry initial slot contents (`.values = { [i] = &x }`).
    public boolean takesInitialSlots() {
        return isMapOfMaps() || this == PROG_ARRAY;
    }

    /// The type with Linux id `id`.
    public static Optional<MapType> ofId(int id) {
        for (MapType t : values()) {
            if (t.id == id) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /// The type bpftool calls `name`.
    public static Optional<MapType> ofBpftoolName(String name) {
        for (MapType t : values()) {
            if (t.bpftoolName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
