package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import java.util.List;
import java.util.Optional;


/// `BPF_MAP_TYPE_PROG_ARRAY`: the programs `bpf_tail_call` jumps to, by index. Values are
/// programs, so Java fills slots with [#put] rather than [#update]; [#lookup] gives the
/// program's id (u32) as Linux does. Programs cannot look into it (the helpers refuse).
public final class ProgArrayMap extends BpfMap {
    private final FdSlots<TailCallTarget> targets;

    ProgArrayMap(MapSpec spec, int slots) {
        super(spec, slots);
        this.targets = new FdSlots<>(this);
    }

    /// Puts `target` at `index`, replacing what was there.
    ///
    /// @throws MapException `E2BIG` when `index` is past `max_entries`
    public void put(int index, TailCallTarget target) {
        targets.put(Integer.toUnsignedLong(index), target);
    }

    /// The program at `index` (an unsigned u32 as the helper receives it), if any.
    public Optional<TailCallTarget> target(long index) {
        return targets.at(index);
    }

    /// Empties every slot holding `target` (a program being unloaded); returns how many.
    public int remove(TailCallTarget target) {
        return targets.clear(target);
    }

    /// The programs in the slots, in index order.
    public List<TailCallTarget> targets() {
        return targets.held();
    }

    @Override
    public Optional<Region> valueRegion() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        checkKey("lookup", key);
        return targets.at(ArrayCore.index(key)).map(t -> ArrayCore.keyOf(t.id()));
    }

    @Override
    public void update(byte[] key, byte[] value, long flags) {
        checkKey("update", key);
        throw error("update", Errno.EINVAL, "prog_array values are programs: use put(index, target)");
    }

    @Override
    public void delete(byte[] key) {
        targets.delete(key);
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        return FdSlots.nextIndex(this, key, maxEntries());
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
