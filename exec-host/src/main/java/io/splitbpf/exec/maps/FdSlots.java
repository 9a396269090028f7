package io.splitbpf.exec.maps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/// The slots of Linux's fd arrays (prog_array, array_of_maps): `max_entries` references indexed
/// by a u32 key, each empty or holding an object on the Java heap, changed atomically. Indices
/// past the end are `E2BIG`, deleting an empty slot `ENOENT`, and iteration visits every index
/// (as `array_map_get_next_key`).
///
/// @param <T> what the slots hold
final class FdSlots<T> {
    private final BpfMap map;
    private final AtomicReferenceArray<T> slots;

    FdSlots(BpfMap map) {
        this.map = map;
        this.slots = new AtomicReferenceArray<>(map.maxEntries());
    }

    /// What slot `index` (an unsigned u32) holds, if any; empty past the end.
    Optional<T> at(long index) {
        return index >= 0 && index < slots.length() ? Optional.ofNullable(slots.get((int) index)) : Optional.empty();
    }

    /// As [#at], null when empty (for the helpers' allocation-free paths).
    T orNull(long index) {
        return index >= 0 && index < slots.length() ? slots.get((int) index) : null;
    }

    /// Puts `value` at `index` (an unsigned u32).
    ///
    /// @throws MapException `E2BIG` when `index` is past `max_entries`
    void put(long index, T value) {
        if (index < 0 || index >= slots.length()) {
            throw map.error("update", Errno.E2BIG, "index " + index + " is past max_entries " + slots.length());
        }
        slots.set((int) index, Objects.requireNonNull(value));
    }

    /// Empties the slot of `key`.
    ///
    /// @throws MapException `E2BIG` past the end, `ENOENT` when it is empty already
    void delete(byte[] key) {
        map.checkKey("delete", key);
        long i = ArrayCore.index(key);
        if (i >= slots.length()) {
            throw map.error("delete", Errno.E2BIG, "index " + i + " is past max_entries " + slots.length());
        }
        if (slots.getAndSet((int) i, null) == null) {
            throw map.error("delete", Errno.ENOENT, "slot " + i + " is empty");
        }
    }

    /// Empties every slot holding `value` (compared by identity); returns how many.
    int clear(T value) {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.compareAndSet(i, value, null)) {
                n++;
            }
        }
        return n;
    }

    /// What the slots hold, in index order.
    List<T> held() {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < slots.length(); i++) {
            T t = slots.get(i);
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /// The key after `key` in index order (Linux's `array_map_get_next_key`) for `map`, whose
    /// indices run to `length`.
    static Optional<byte[]> nextIndex(BpfMap map, Optional<byte[]> key, long length) {
        long next = 0;
        if (key.isPresent()) {
            map.checkKey("next key", key.get());
            long i = ArrayCore.index(key.get());
            next = i >= length ? 0 : i + 1;
        }
        return next < length ? Optional.of(ArrayCore.keyOf(next)) : Optional.empty();
    }
}
