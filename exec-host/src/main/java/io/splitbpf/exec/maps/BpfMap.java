package io.splitbpf.exec.maps;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/// A live map: created from a [MapSpec] in one tenant's memory, with Linux's semantics.
///
/// Two faces share the storage:
/// - the Java API (`bpf(2)`'s map commands): [#lookup], [#update], [#delete], [#nextKey],
///   [#dump]; failures are [MapException]s carrying Linux's errno;
/// - the program API that the helpers call ([#programLookup], [#programUpdate],
///   [#programDelete]): addresses and negative errnos, as the kernel's helpers return them.
///
/// Values live in the tenant's memory ([#valueRegion]), so a program can load and store through
/// the address `map_lookup_elem` returned. Per-slot maps (Linux's per-CPU maps) keep one value
/// per execution slot; Java sees them in Linux's user-space layout, one `round_up(value_size,
/// 8)` chunk per slot.
public abstract sealed class BpfMap permits ArrayMap, HashTableMap, LpmTrieMap, MapOfMaps, PerSlotArrayMap,
        PerSlotHashMap, ProgArrayMap, RingBufferMap {
    /// `BPF_ANY`: create or update.
    public static final long ANY = 0;
    /// `BPF_NOEXIST`: create only.
    public static final long NOEXIST = 1;
    /// `BPF_EXIST`: update only.
    public static final long EXIST = 2;
    /// `BPF_F_LOCK`: update under the value's `bpf_spin_lock`; no map here has one, so it is
    /// refused with `EINVAL`, as Linux refuses it for values without a spin lock.
    public static final long F_LOCK = 4;
    /// The longest hash key Linux accepts (`MAX_BPF_STACK`).
    public static final int MAX_KEY_SIZE = 512;

    private final MapSpec spec;
    private final int slots;

    BpfMap(MapSpec spec, int slots) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.slots = slots;
    }

    /// Creates the map `spec` describes in `memory`, for `slots` execution slots.
    ///
    /// @throws MapException (`EINVAL`) naming the map and the field when the definition is not
    ///     one Linux would accept for the type
    /// @throws NotSupportedException for map types this host does not have
    /// @throws IllegalStateException when the tenant's memory cannot hold the values
    public static BpfMap create(MapSpec spec, TenantMemory memory, int slots) {
        if (slots <= 0) {
            throw new IllegalArgumentException("map '" + spec.name() + "': " + slots + " execution slots");
        }
        MapChecks.check(spec);
        return switch (spec.type()) {
            case ARRAY -> new ArrayMap(spec, memory, slots);
            case PERCPU_ARRAY -> new PerSlotArrayMap(spec, memory, slots);
            case HASH, LRU_HASH -> new HashTableMap(spec, memory, slots);
            case PERCPU_HASH, LRU_PERCPU_HASH -> new PerSlotHashMap(spec, memory, slots);
            case LPM_TRIE -> new LpmTrieMap(spec, memory, slots);
            case ARRAY_OF_MAPS -> new ArrayOfMapsMap(spec, slots);
            case HASH_OF_MAPS -> new HashOfMapsMap(spec, memory, slots);
            case PROG_ARRAY -> new ProgArrayMap(spec, slots);
            case RINGBUF -> new RingBufferMap(spec, memory, slots);
            default -> throw new NotSupportedException("map type " + spec.type().bpftoolName(),
                    "map '" + spec.name() + "': type " + spec.type().bpftoolName() +  " is not supported by this host");
        };
    }

    /// The map types [#create] implements (every other type is [NotSupportedException]).
    public static Set<MapType> supportedTypes() {
        return Collections.unmodifiableSet(EnumSet.of(MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.HASH,
                MapType.PERCPU_HASH, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH, MapType.LPM_TRIE, MapType.ARRAY_OF_MAPS,
                MapType.HASH_OF_MAPS, MapType.PROG_ARRAY, MapType.RINGBUF));
    }

    /// The map's definition.
    public final MapSpec spec() {
        return spec;
    }

    public final String name() {
        return spec.name();
    }

    public final MapType type() {
        return spec.type();
    }

    public final int keySize() {
        return spec.keySize();
    }

    public final int valueSize() {
        return spec.valueSize();
    }

    public final int maxEntries() {
        return spec.maxEntries();
    }

    /// The number of execution slots the map was created for.
    public final int slots() {
        return slots;
    }

    /// The region programs reach the map's values in, if they reach any (prog arrays: none).
    public abstract Optional<Region> valueRegion();

    /// Every region of the tenant's memory the map allocated (what deleting it gives back).
    List<Region> regions() {
        return valueRegion().map(List::of).orElse(List.of());
    }

    /// The value of `key`; per-slot maps give every slot's value in Linux's layout.
    ///
    /// @throws MapException `EINVAL` for a key of the wrong size, `ENOTSUPP` for ring buffers
    public abstract Optional<byte[]> lookup(byte[] key);

    /// Sets `key` to `value` under `flags` ([#ANY], [#NOEXIST], [#EXIST]). Per-slot maps take
    /// either `value_size` bytes (for every slot) or Linux's layout (a chunk per slot).
    ///
    /// @throws MapException with Linux's errno: `EEXIST`, `ENOENT`, `E2BIG` (full, or an array
    ///     index past the end), `EINVAL` (bad flags or sizes), `EPERM` (frozen map)
    public abstract void update(byte[] key, byte[] value, long flags);

    /// Removes `key`.
    ///
    /// @throws MapException `ENOENT` when absent, `EINVAL` for arrays (whose elements always exist)
    public abstract void delete(byte[] key);

    /// The key after `key` in the map's iteration order; the first key when `key` is empty or
    /// not in the map (as Linux); empty after the last key.
    public abstract Optional<byte[]> nextKey(Optional<byte[]> key);

    /// Every key with its value, in iteration order (a weakly consistent snapshot when the map
    /// changes meanwhile: a key seen by [#nextKey] and deleted before its lookup is skipped).
    public List<MapEntry> dump() {
        List<MapEntry> out = new ArrayList<>();
        Optional<byte[]> key = nextKey(Optional.empty());
        int guard = 0;
        while (key.isPresent() && guard++ <= maxEntries()) {
            byte[] k = key.get();
            lookup(k).ifPresent(v -> out.add(new MapEntry(k, v)));
            key = nextKey(key);
        }
        return List.copyOf(out);
    }

    /// `map_lookup_elem` for a program running in `slot`: the address of the value, or 0.
    public abstract long programLookup(byte[] key, int slot);

    /// [#programLookup] with the key at `keyOffset` of the tenant's `segment` (`key_size` bytes,
    /// already checked by the caller). Maps whose lookups can read the key in place override
    /// this so that a lookup allocates nothing.
    public long programLookupAt(MemorySegment segment, long keyOffset, int slot) {
        return programLookup(keyAt(segment, keyOffset), slot);
    }

    /// `map_update_elem` for a program running in `slot`: copies `value_size` bytes from
    /// `valueAddress` (already checked by the caller); 0 or a negative errno.
    public abstract long programUpdate(byte[] key, long valueAddress, long flags, int slot);

    /// [#programUpdate] with the key at `keyOffset` of the tenant's `segment` (`key_size` bytes,
    /// already checked by the caller). Maps whose updates can read the key in place override
    /// this so that replacing a value allocates no key.
    public long programUpdateAt(MemorySegment segment, long keyOffset, long valueAddress, long flags, int slot) {
        return programUpdate(keyAt(segment, keyOffset), valueAddress, flags, slot);
    }

    /// `map_delete_elem`: 0 or a negative errno.
    public abstract long programDelete(byte[] key);

    /// [#programDelete] with the key at `keyOffset` of the tenant's `segment` (`key_size` bytes,
    /// already checked by the caller); hash maps override it to read the key in place.
    public long programDeleteAt(MemorySegment segment, long keyOffset, int slot) {
        return programDelete(keyAt(segment, keyOffset));
    }

    private byte[] keyAt(MemorySegment segment, long keyOffset) {
        byte[] key = new byte[keySize()];
        MemorySegment.copy(segment, TenantMemory.U8, keyOffset, key, 0, key.length);
        return key;
    }

    /// The error Linux's update reports for bad `flags`, or 0.
    static int flagsError(long flags) {
        if ((flags & ~F_LOCK) > EXIST || flags < 0) {
            return Errno.EINVAL;
        }
        // Invariant: no map here has a bpf_spin_lock in its value, so BPF_F_LOCK is always
        // refused, as Linux refuses it for such maps.
        return (flags & F_LOCK) != 0 ? Errno.EINVAL : 0;
    }

    MapException error(String operation, int errno, String reason) {
        return new MapException(name(), operation, errno, reason);
    }

    void checkFlags(long flags) {
        int e = flagsError(flags);
        if (e != 0) {
            throw error("update", e, (flags & F_LOCK) != 0 && (flags & ~F_LOCK) <= EXIST
                    ? "BPF_F_LOCK needs a bpf_spin_lock in the value, which this map does not have"
                    : "unknown flags 0x" + Long.toHexString(flags));
        }
    }

    void checkKey(String operation, byte[] key) {
        if (key.length != keySize()) {
            throw error(operation, Errno.EINVAL, "key of " + key.length + " bytes, key_size is " + keySize());
        }
    }

    void checkValue(byte[] value, int... accepted) {
        for (int n : accepted) {
            if (value.length == n) {
                return;
            }
        }
        throw error("update", Errno.EINVAL, "value of " + value.length + " bytes, value_size is " + valueSize()
                + (accepted.length > 1 ? " (or " + accepted[1] + " bytes in the per-slot layout)" : ""));
    }

    /// Whether programs may only read this map (`BPF_F_RDONLY_PROG`, as libbpf creates `.rodata`).
    public boolean readOnlyToPrograms() {
        return (spec.flags() & MapSpec.F_RDONLY_PROG) != 0;
    }

    void checkWritable() {
        if (spec.frozen()) {
            throw error("update", Errno.EPERM, "the map is frozen");
        }
    }

    @Override
    public String toString() {
        return type().bpftoolName() + " map '" + name() + "'";
    }
}
