package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import java.util.List;
import java.util.Optional;

/// What `array_of_maps` and `hash_of_maps` share: an inner map template (the definition every
/// inner map must match, which the verifier checked the program's use of the inner maps
/// against), and values that are maps.
///
/// Values are [InnerMapRef]s on the Java heap, where programs cannot reach them: a program's
/// lookup gets the inner map's handle (or 0), and the map helpers resolve it like any other
/// map of the tenant; programs cannot update or delete (Linux's verifier refuses that too).
/// Java puts maps with [#put]; [#lookup] gives the inner map's id as a u32, as Linux's
/// syscall does. Keeping the inner maps alive while a map of maps holds them is the owner's
/// business ([#innerMaps] says which they are).
public abstract sealed class MapOfMaps extends BpfMap permits ArrayOfMapsMap, HashOfMapsMap {
    /// `BPF_F_INNER_MAP`: an inner array's `max_entries` need not match the template's.
    public static final int F_INNER_MAP = 0x1000;

    private final MapSpec template;

    MapOfMaps(MapSpec spec, int slots) {
        super(spec, slots);
        // Invariant: MapChecks refused a map of maps without a template.
        this.template = spec.innerMap().orElseThrow();
    }

    /// The definition inner maps must match.
    public final MapSpec template() {
        return template;
    }

    /// Whether `inner` may be put here: Linux's `bpf_map_meta_equal` (type, key and value
    /// sizes, flags) and, for arrays without `BPF_F_INNER_MAP`, `max_entries` too.
    public final boolean accepts(BpfMap inner) {
        boolean same = inner.type() == template.type() && inner.keySize() == template.keySize()
                && inner.valueSize() == template.valueSize() && inner.spec().flags() == template.flags();
        boolean array = template.type() == MapType.ARRAY || template.type() == MapType.PERCPU_ARRAY;
        return same && (!array || (template.flags() & F_INNER_MAP) != 0 || inner.maxEntries() == template.maxEntries());
    }

    /// Puts `inner` at `key` under `flags`.
    ///
    /// @throws MapException `EINVAL` when `inner` does not match the template or the flags are
    ///     not allowed, and the errors of the map's kind otherwise
    public abstract void put(byte[] key, InnerMapRef inner, long flags);

    /// The inner maps held now.
    public abstract List<InnerMapRef> innerMaps();

    void checkInner(InnerMapRef inner) {
        if (!accepts(inner.map())) {
            MapSpec m = inner.map().spec();
            throw error("update", Errno.EINVAL, "inner map '" + m.name() + "' (" + describe(m)
                    + ") does not match the template (" + describe(template) + ")");
        }
    }

    private static String describe(MapSpec m) {
        return m.type().bpftoolName() + ", key " + m.keySize() + ", value " + m.valueSize() + ", max_entries "
                + m.maxEntries() + ", flags 0x" + Integer.toHexString(m.flags());
    }

    @Override
    public final Optional<io.splitbpf.exec.memory.Region> valueRegion() {
        return Optional.empty();
    }

    @Override
    public final void update(byte[] key, byte[] value, long flags) {
        checkKey("update", key);
        throw error("update", Errno.EINVAL, "the values of a " + type().bpftoolName()
                + " are maps: put one by its id (put(key, inner, flags))");
    }

    @Override
    public final long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        throw new IllegalArgumentException("programs cannot update " + this);
    }

    @Override
    public final long programDelete(byte[] key) {
        throw new IllegalArgumentException("programs cannot delete from " + this);
    }

    static byte[] idBytes(InnerMapRef inner) {
        return ArrayCore.keyOf(inner.id());
    }
}
