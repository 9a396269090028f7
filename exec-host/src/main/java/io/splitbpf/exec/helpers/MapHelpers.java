package io.splitbpf.exec.helpers;

import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.Errno;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.maps.PerSlotArrayMap;
import io.splitbpf.exec.maps.PerSlotHashMap;
import io.splitbpf.exec.runtime.ExecContext;

/// `map_lookup_elem` (1), `map_update_elem` (2), `map_delete_elem` (3) and
/// `map_lookup_percpu_elem` (195) for one tenant's maps. Results are Linux's: a value address
/// or 0, 0 or a negative errno. Updates and deletes of a map programs may only read
/// (`BPF_F_RDONLY_PROG`) fail with `-EPERM`: the verifier refuses such calls, as Linux's does,
/// and the host does not rely on it.
final class MapHelpers {
    private final MapRegistry maps;

    MapHelpers(MapRegistry maps) {
        this.maps = maps;
    }

    // The key is read in place (hash maps copy nothing): the hot path of most programs.
    long lookup(ExecContext ctx, long map, long key) {
        BpfMap m = Arguments.map(maps, ctx, map);
        return m.programLookupAt(ctx.memory().segment(), keyOffset(ctx, m, key), ctx.slot());
    }

    long update(ExecContext ctx, long map, long key, long value, long flags) {
        BpfMap m = Arguments.map(maps, ctx, map);
        long keyOffset = keyOffset(ctx, m, key);
        ctx.checkedOffset(value, m.valueSize(), false);
        return m.readOnlyToPrograms() ? -Errno.EPERM
                : m.programUpdateAt(ctx.memory().segment(), keyOffset, value, flags, ctx.slot());
    }

    long delete(ExecContext ctx, long map, long key) {
        BpfMap m = Arguments.map(maps, ctx, map);
        long keyOffset = keyOffset(ctx, m, key);
        return m.readOnlyToPrograms() ? -Errno.EPERM : m.programDeleteAt(ctx.memory().segment(), keyOffset, ctx.slot());
    }

    /// The segment offset of the key at `key`, checked; 0 for a map without keys, whose key
    /// pointer is not read.
    private static long keyOffset(ExecContext ctx, BpfMap m, long key) {
        return m.keySize() == 0 ? 0 : ctx.checkedOffset(key, m.keySize(), false);
    }

    long lookupPerSlot(ExecContext ctx, long map, long key, long slot) {
        BpfMap m = Arguments.map(maps, ctx, map);
        return switch (m) {
            case PerSlotArrayMap a -> a.programLookupIn(Arguments.key(ctx, m, key), slot & 0xffff_ffffL);
            case PerSlotHashMap h -> h.programLookupIn(Arguments.key(ctx, m, key), slot & 0xffff_ffffL);
            default -> throw new IllegalArgumentException(m + " is not a per-slot map");
        };
    }
}
