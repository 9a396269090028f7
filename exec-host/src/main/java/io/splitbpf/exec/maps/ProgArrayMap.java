package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/// `BPF_MAP_TYPE_PROG_ARRAY`: the programs `bpf_tail_call` jumps to, by index. Values are
/// programs, so Java fills slots with [#put] rather than [#update]; [#lookup] gives the
/// program's id (u32) as Linux does. Programs cannot look into it (the helpers refuse).
public final class ProgArrayMap extends BpfMap {
    private final AtomicReferenceArray<TailCallTarget> targets;

    ProgArrayMap(MapSpec spec, int slots) {
        super(spec, slots);
        this.targets = new AtomicReferenceArray<>(spec.maxEntries());
    }

    /// Puts `target` at `index`, replacing what was there.
    ///
    /// @throws MapException `E2BIG` when `index` is past `max_entries`
    public void put(int index, TailCallTarget target) {
        if (index < 0 || index >= maxEntries()) {
            throw error("update", Errno.E2BIG, "index " + Integer.toUnsignedString(index) + " is past max_entries "
                    + maxEntries());
        }
        targets.set(index, java.util.Objects.requireNonNull(target));
    }

    /// The program at `index` (an unsigned u32 as the helper receives it), if any.
    public Optional<TailCallTarget> target(long index) {
        return index >= 0 && index < maxEntries() ? Optional.ofNullable(targets.get((int) index)) : Optional.empty();
    }

    @Override
    public Optional<Region> valueRegion() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        checkKey("lookup", key);
        return target(ArrayCore.index(key)).map(t -> ArrayCore.keyOf(t.id()));
    }

    @Override
    public void update(byte[] key, byte[] value, long flags) {
        checkKey("update", key);
        throw error("update", Errno.EINVAL, "prog_array values are programs: use put(index, target)");
    }

    @Override
    public void delete(byte[] key) {
        checkKey("delete", key);
        long i = ArrayCore.index(key);
        if (i >= maxEntries()) {
            throw error("delete", Errno.E2BIG, "index " + i + " is past max_entries " + maxEntries());
        }
        if (targets.getAndSet((int) i, null) == null) {
            throw error("delete", Errno.ENOENT, "no program at index " + i);
        }
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        long next = 0;
        if (key.isPresent()) {
            checkKey("next key", key.get());
            long i = ArrayCore.index(key.get());
            next = i >= maxEntries() ? 0 : i + 1;
        }
        return next < maxEntries() ? Optional.of(ArrayCore.keyOf(next)) : Optional.empty();
    }

    @Override
    public long programLookup(byte[] key, int slot) {
        throw new IllegalArgumentException("programs cannot look up prog_array map '" + name() + "'");
    }

    @Override
    public long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        throw new IllegalArgumentException("programs cannot update prog_array map '" + name() + "'");
    }

    @Override
    public long programDelete(byte[] key) {
        throw new IllegalArgumentException("programs cannot delete from prog_array map '" + name() + "'");
    }
}
