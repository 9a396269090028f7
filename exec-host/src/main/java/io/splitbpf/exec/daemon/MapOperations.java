package io.splitbpf.exec.daemon;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.MapEntry;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.Errno;
import io.splitbpf.exec.maps.MapException;
import io.splitbpf.exec.maps.ProgArrayMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/// The map commands of the host service, with `bpf(2)`'s semantics: lookup, update (with
/// `BPF_ANY`/`BPF_NOEXIST`/`BPF_EXIST`), delete, next key and dump. A value travels as one
/// `binary`; a per-CPU map's as one per execution slot, each `value_size` bytes (an update may
/// also give one value for every slot).
///
/// Linux's errors become [ServiceError]s whose message names the map, the operation, the
/// reason and the errno: `ENOENT` → `NOT_FOUND`, `E2BIG` (full) → `LIMIT_EXCEEDED`, `EPERM`
/// (frozen) → `DENIED`, the rest (`EINVAL`, `EEXIST`, `ENOTSUPP`) → `BAD_REQUEST`.
final class MapOperations {
    private MapOperations() {}

    /// The entry of `key`.
    static MapEntry lookup(BpfMap map, byte[] key) throws ServiceError {
        Optional<byte[]> value = call(() -> map.lookup(key));
        if (value.isEmpty()) {
            throw error(new MapException(map.name(), "lookup", Errno.ENOENT, "no such key"));
        }
        return entry(map, key, value.get());
    }

    /// Sets `key` to `values` under `flags`.
    static void update(BpfMap map, byte[] key, List<byte[]> values, long flags) throws ServiceError {
        if (map instanceof ProgArrayMap) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, "update of map '" + map.name() + "': a prog_array holds"
                    + " programs, which the host service does not place yet; only a program's own slots are filled"
                    + " at load (EINVAL)");
        }
        byte[] value = value(map, values);
        call(() -> {
            map.update(key, value, flags);
            return null;
        });
    }

    /// Removes `key`.
    static void remove(BpfMap map, byte[] key) throws ServiceError {
        call(() -> {
            map.delete(key);
            return null;
        });
    }

    /// The key after `key` (the first key when `key` is empty).
    ///
    /// @throws ServiceError `NOT_FOUND` after the last key, as Linux's `ENOENT`
    static byte[] nextKey(BpfMap map, byte[] key) throws ServiceError {
        Optional<byte[]> next = call(() -> map.nextKey(key.length == 0 ? Optional.empty() : Optional.of(key)));
        if (next.isEmpty()) {
            throw error(new MapException(map.name(), "next key", Errno.ENOENT,
                    key.length == 0 ? "the map is empty" : "no key after the last one"));
        }
        return next.get();
    }

    /// Every entry, in the map's order.
    static List<MapEntry> dump(BpfMap map) throws ServiceError {
        List<io.splitbpf.exec.maps.MapEntry> entries = call(map::dump);
        List<MapEntry> out = new ArrayList<>(entries.size());
        for (io.splitbpf.exec.maps.MapEntry e : entries) {
            out.add(entry(map, e.key(), e.value()));
        }
        return out;
    }

    private static boolean perSlot(BpfMap map) {
        return map.type() == MapType.PERCPU_ARRAY || map.type() == MapType.PERCPU_HASH;
    }

    private static int stride(BpfMap map) {
        return (map.valueSize() + 7) & ~7;
    }

    /// `value` (Linux's user-space layout for per-CPU maps) as one binary per slot.
    private static MapEntry entry(BpfMap map, byte[] key, byte[] value) {
        List<ByteBuffer> values = new ArrayList<>();
        if (perSlot(map)) {
            for (int slot = 0; slot < map.slots(); slot++) {
                int from = slot * stride(map);
                values.add(ByteBuffer.wrap(Arrays.copyOfRange(value, from, from + map.valueSize())));
            }
        } else {
            values.add(ByteBuffer.wrap(value));
        }
        return new MapEntry(ByteBuffer.wrap(key), values);
    }

    /// `values` in the layout [BpfMap#update] takes.
    private static byte[] value(BpfMap map, List<byte[]> values) throws ServiceError {
        if (values.size() == 1) {
            return values.getFirst();
        }
        if (!perSlot(map) || values.size() != map.slots()) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, "update of map '" + map.name() + "': " + values.size()
                    + " values; give one" + (perSlot(map) ? " for every slot, or one per slot (" + map.slots() + ")"
                    : "") + " (EINVAL)");
        }
        byte[] all = new byte[stride(map) * map.slots()];
        for (int slot = 0; slot < values.size(); slot++) {
            byte[] v = values.get(slot);
            if (v.length != map.valueSize()) {
                throw new ServiceError(ErrorCode.BAD_REQUEST, "update of map '" + map.name() + "': the value for slot "
                        + slot + " is " + v.length + " bytes, value_size is " + map.valueSize() + " (EINVAL)");
            }
            System.arraycopy(v, 0, all, slot * stride(map), v.length);
        }
        return all;
    }

    private interface MapCall<T> {
        T call();
    }

    private static <T> T call(MapCall<T> op) throws ServiceError {
        try {
            return op.call();
        } catch (MapException e) {
            throw error(e);
        }
    }

    private static ServiceError error(MapException e) {
        ErrorCode code = switch (e.errno()) {
            case Errno.ENOENT -> ErrorCode.NOT_FOUND;
            case Errno.E2BIG -> ErrorCode.LIMIT_EXCEEDED;
            case Errno.EPERM -> ErrorCode.DENIED;
            default -> ErrorCode.BAD_REQUEST;
        };
        return new ServiceError(code, e.getMessage());
    }
}
