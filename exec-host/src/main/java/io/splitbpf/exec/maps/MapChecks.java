package io.splitbpf.exec.maps;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;

/// The checks Linux's `map_alloc_check` functions make on a map definition, per type; each
/// failure names the map and the field.
final class MapChecks {
    private static final int PAGE_SIZE = 4096;
    /// `BPF_F_NO_PREALLOC`.
    static final int F_NO_PREALLOC = 0x1;
    /// `BPF_F_ACCESS_MASK`: `BPF_F_RDONLY`, `BPF_F_WRONLY`, `BPF_F_RDONLY_PROG`, `BPF_F_WRONLY_PROG`.
    static final int F_ACCESS_MASK = 0x8 | 0x10 | 0x80 | 0x100;
    /// `BPF_F_WRONLY_PROG`.
    static final int F_WRONLY_PROG = 0x100;
    /// `BPF_F_NO_COMMON_LRU`: an LRU list per CPU.
    static final int F_NO_COMMON_LRU = 0x2;
    /// `BPF_F_ZERO_SEED`: a hash seed of 0 (accepted; the host's hash has no seed).
    static final int F_ZERO_SEED = 0x40;
    /// The flags a hash map accepts (Linux's `HTAB_CREATE_FLAG_MASK`).
    private static final int HASH_FLAGS = F_NO_PREALLOC | F_NO_COMMON_LRU | MapSpec.F_NUMA_NODE | F_ACCESS_MASK
            | F_ZERO_SEED;
    /// The flags an LPM trie accepts (Linux's `LPM_CREATE_FLAG_MASK`).
    private static final int LPM_FLAGS = F_NO_PREALLOC | MapSpec.F_NUMA_NODE | F_ACCESS_MASK;

    private MapChecks() {}

    static void check(MapSpec spec) {
        switch (spec.type()) {
            case ARRAY, PERCPU_ARRAY -> {
                exactly(spec, "key_size", spec.keySize(), 4);
                positive(spec, "value_size", spec.valueSize());
                positive(spec, "max_entries", spec.maxEntries());
            }
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH -> {
                hashFlags(spec);
                positive(spec, "key_size", spec.keySize());
                if (spec.keySize() > BpfMap.MAX_KEY_SIZE) {
                    fail(spec, Errno.E2BIG, "key_size " + spec.keySize() + " is larger than " + BpfMap.MAX_KEY_SIZE);
                }
                positive(spec, "value_size", spec.valueSize());
                positive(spec, "max_entries", spec.maxEntries());
            }
            case LPM_TRIE -> {
                int data = spec.keySize() - 4;
                if (data < 1 || data > LpmTrieMap.MAX_DATA_SIZE) {
                    fail(spec, Errno.EINVAL, "key_size is " + spec.keySize() + ", an lpm_trie key is a u32 prefix length"
                            + " and 1 to " + LpmTrieMap.MAX_DATA_SIZE + " bytes of data (5 to "
                            + (4 + LpmTrieMap.MAX_DATA_SIZE) + ")");
                }
                positive(spec, "value_size", spec.valueSize());
                positive(spec, "max_entries", spec.maxEntries());
                if ((spec.flags() & F_NO_PREALLOC) == 0) {
                    fail(spec, Errno.EINVAL, "an lpm_trie needs BPF_F_NO_PREALLOC (flags 0x"
                            + Integer.toHexString(spec.flags()) + ")");
                }
                onlyFlags(spec, LPM_FLAGS);
            }
            case ARRAY_OF_MAPS -> {
                exactly(spec, "key_size", spec.keySize(), 4);
                exactly(spec, "value_size", spec.valueSize(), 4);
                positive(spec, "max_entries", spec.maxEntries());
                if ((spec.flags() & (MapSpec.F_RDONLY_PROG | F_WRONLY_PROG)) != 0) {
                    fail(spec, Errno.EINVAL, "a map of maps cannot be read-only or write-only to programs");
                }
                template(spec);
            }
            case HASH_OF_MAPS -> {
                hashFlags(spec);
                positive(spec, "key_size", spec.keySize());
                exactly(spec, "value_size", spec.valueSize(), 4);
                positive(spec, "max_entries", spec.maxEntries());
                template(spec);
            }
            case PROG_ARRAY -> {
                exactly(spec, "key_size", spec.keySize(), 4);
                exactly(spec, "value_size", spec.valueSize(), 4);
                positive(spec, "max_entries", spec.maxEntries());
            }
            case RINGBUF -> {
                exactly(spec, "key_size", spec.keySize(), 0);
                exactly(spec, "value_size", spec.valueSize(), 0);
                int size = spec.maxEntries();
                if (size < PAGE_SIZE || Integer.bitCount(size) != 1) {
                    fail(spec, Errno.EINVAL, "max_entries " + size + " of a ringbuf must be a power of two and a"
                            + " multiple of the page size " + PAGE_SIZE);
                }
            }
            default -> { }
        }
    }

    private static void exactly(MapSpec spec, String field, int value, int expected) {
        if (value != expected) {
            fail(spec, Errno.EINVAL, field + " is " + value + ", a " + spec.type().bpftoolName() + " map needs "
                    + expected);
        }
    }

    /// Linux's `bpf_map_meta_alloc`: a map of maps has a template of a type that may be an
    /// inner map, itself a valid definition.
    private static void template(MapSpec spec) {
        if (spec.innerMap().isEmpty()) {
            fail(spec, Errno.EINVAL, "a " + spec.type().bpftoolName() + " needs an inner map template");
        }
        MapSpec inner = spec.innerMap().get();
        if (inner.type().isMapOfMaps()) {
            fail(spec, Errno.EINVAL, "its inner map template is a " + inner.type().bpftoolName()
                    + ": maps of maps do not nest");
        }
        if (inner.type() == MapType.PROG_ARRAY) {
            fail(spec, Errno.ENOTSUPP, "a prog_array cannot be an inner map");
        }
        if (!BpfMap.supportedTypes().contains(inner.type())) {
            throw new NotSupportedException("map type " + inner.type().bpftoolName(), "map '" + spec.name()
                    + "': its inner maps would be " + inner.type().bpftoolName() + " maps, which this host does not have");
        }
        try {
            check(inner);
        } catch (MapException e) {
            fail(spec, e.errno(), "its inner map template: " + e.getMessage());
        }
    }

    /// Linux's `htab_map_alloc_check` on the flags.
    private static void hashFlags(MapSpec spec) {
        onlyFlags(spec, HASH_FLAGS);
        boolean lru = spec.type() == MapType.LRU_HASH || spec.type() == MapType.LRU_PERCPU_HASH;
        if (!lru && (spec.flags() & F_NO_COMMON_LRU) != 0) {
            fail(spec, Errno.EINVAL, "BPF_F_NO_COMMON_LRU is only for LRU maps");
        }
        if (lru && (spec.flags() & F_NO_PREALLOC) != 0) {
            fail(spec, Errno.ENOTSUPP, "LRU maps are always preallocated: BPF_F_NO_PREALLOC is not supported");
        }
        boolean perCpu = spec.type() == MapType.PERCPU_HASH || spec.type() == MapType.LRU_PERCPU_HASH;
        if ((spec.flags() & MapSpec.F_NUMA_NODE) != 0 && (perCpu || (spec.flags() & F_NO_COMMON_LRU) != 0)) {
            fail(spec, Errno.EINVAL, "BPF_F_NUMA_NODE does not go with per-CPU values or per-CPU LRU lists");
        }
    }

    private static void onlyFlags(MapSpec spec, int allowed) {
        int unknown = spec.flags() & ~allowed;
        if (unknown != 0) {
            fail(spec, Errno.EINVAL, "flags 0x" + Integer.toHexString(unknown) + " are not valid for a "
                    + spec.type().bpftoolName() + " map");
        }
    }

    private static void positive(MapSpec spec, String field, int value) {
        if (value <= 0) {
            fail(spec, Errno.EINVAL, field + " is " + value + ", must be positive");
        }
    }

    private static void fail(MapSpec spec, int errno, String reason) {
        throw new MapException(spec.name(), "create", errno, reason);
    }
}
