package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/// What hash and per-slot hash maps share: a key index on the Java heap (a
/// [ConcurrentHashMap] from key bytes to an element), values preallocated in the tenant's
/// memory (like Linux's default, preallocated hash maps) and a FIFO free list of elements.
/// An entry may also carry a payload of type `P` on the Java heap (a hash of maps keeps its
/// inner maps there, where programs cannot reach them); it changes with the entry, atomically.
///
/// Concurrency. Lookups take no lock; updates and deletes of one map are serialised by a lock.
/// - A plain hash map never updates an element in place: an update fills a free element and
///   then points the key's entry at it, as Linux's `htab_map_update_elem` swaps elements in its
///   bucket, so a lookup sees the old value or the new one, never a mix. One spare element
///   beyond `max_entries` makes that possible when the map is full (Linux keeps a spare per
///   CPU). Replacing a value leaves the index alone, so it allocates nothing and takes no lock
///   but the map's.
/// - A per-slot hash map updates in place, as Linux's `pcpu_copy_value` does.
/// - Java lookups copy a value inside its element's seqlock and check that the element still
///   belongs to the entry they found, so they never return a value that was never written,
///   nor one of an element reused for another key.
/// - Programs hold value addresses across their run. A deleted or replaced element goes to the
///   tail of the free list and is reused last, but it is reused without waiting for the
///   programs that hold it (Linux's preallocated maps behave the same; they have no RCU wait
///   for element reuse either). Its memory is never freed: the address always stays inside
///   this map's value region, so a program can read stale data of this map, never freed memory
///   or another map's data.
///
/// Iteration order is the keys' unsigned lexicographic order (Linux's is its buckets' order):
/// stable while the map does not change, and the same for equal contents.
///
/// LRU maps (`lru_hash`, `lru_percpu_hash`) evict an entry to make room for a new key instead of
/// failing with `E2BIG`. Like Linux's, the LRU is approximate: each element has a referenced
/// bit that program lookups set (Java lookups do not, as Linux's `lookup_elem_sys` does not;
/// an in-place per-slot update does, as Linux's `__htab_lru_percpu_map_update_elem`); a new
/// entry starts without it. A full map's update sweeps a clock hand over the elements,
/// clearing set bits and evicting the first entry whose bit is clear (the CLOCK, or
/// second-chance, algorithm): an entry used since the hand last passed survives the sweep.
/// New entries land on elements the hand has just freed, so they get a whole turn before it
/// comes back. Linux keeps active and inactive lists per CPU instead, with the same referenced
/// bit, and may evict before the map is full; here an eviction happens only when it is.
final class HashCore<P> {
    /// A key's entry: the element holding its value, and its payload. Owners of elements are
    /// entries, compared by identity, so an element that another key took has another owner.
    /// When an update replaces the value, the entry moves to a freshly filled element (the index
    /// does not change); a new payload gets a new entry, so that it changes with the entry.
    private static final class Entry<P> {
        private static final VarHandle ELEMENT;

        static {
            try {
                ELEMENT = MethodHandles.lookup().findVarHandle(Entry.class, "element", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Key key;
        final P payload;
        /// Read by lookups without the lock; written under it.
        private volatile int element;

        Entry(Key key, int element, P payload) {
            this.key = key;
            this.element = element;
            this.payload = payload;
        }

        int element() {
            return element;
        }

        /// Moves the entry to `to`, filled and owned by it already. A release store: a lookup
        /// that reads `to` sees its value, and nothing after the store waits for it.
        void moveTo(int to) {
            ELEMENT.setRelease(this, to);
        }
    }

    private record Snapshot(long version, Key[] keys) {}

    /// Fills an element's value; `fresh` is true for a newly taken element.
    @FunctionalInterface
    interface Filler {
        void fill(ValueSlots values, int element, boolean fresh);
    }

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(HashCore.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BpfMap map;
    private final ValueSlots values;
    private final ElementPool<Entry<P>> elements;
    private final boolean inPlace;
    /// Per element: 1 when a program looked it up since the clock hand passed (LRU maps only).
    private final byte[] referenced;
    private int hand;
    private final ConcurrentHashMap<Key, Entry<P>> index;
    /// One scratch key per execution slot, for program lookups ([#addressAt]).
    private final KeyProbe[] probes;
    private final Object lock = new Object();
    private int count;
    private volatile long version;
    private volatile Snapshot snapshot;

    /// A core for `map`, with `copies` values of `valueSize` bytes per element (0 bytes for a
    /// map whose payloads are its values), updated in place or not.
    HashCore(BpfMap map, MapSpec spec, TenantMemory memory, int valueSize, int copies, boolean inPlace) {
        this.map = map;
        this.inPlace = inPlace;
        int elements = inPlace ? spec.maxEntries() : Math.addExact(spec.maxEntries(), 1);
        this.values = new ValueSlots(memory, spec.name(), valueSize, copies, elements, true);
        this.elements = new ElementPool<>(values);
        boolean lru = spec.type() == MapType.LRU_HASH || spec.type() == MapType.LRU_PERCPU_HASH;
        this.referenced = lru ? new byte[elements] : null;
        this.index = new ConcurrentHashMap<>(Math.min(spec.maxEntries(), 1 << 16));
        this.probes = new KeyProbe[map.slots()];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = new KeyProbe(spec.keySize());
        }
    }

    ValueSlots values() {
        return values;
    }

    /// The number of keys.
    int size() {
        synchronized (lock) {
            return count;
        }
    }

    Optional<byte[]> lookup(byte[] key) {
        map.checkKey("lookup", key);
        Key k = Key.copyOf(key);
        while (true) {
            Entry<P> e = index.get(k);
            if (e == null) {
                return Optional.empty();
            }
            byte[] out = elements.readOwned(e.element(), e);
            if (out != null) {
                return Optional.of(out);
            }
            Thread.onSpinWait();
        }
    }

    /// The address of `copy` of the value of `key` for a program, or 0.
    long address(byte[] key, int copy) {
        return addressOf(index.get(Key.wrap(key)), copy);
    }

    /// As [#address], with the key at `keyOffset` of `segment` (checked by the caller), for a
    /// program running in execution slot `slot`: looked up through the slot's scratch key, so
    /// that nothing is allocated.
    long addressAt(MemorySegment segment, long keyOffset, int slot, int copy) {
        return addressOf(index.get(probes[slot].load(segment, keyOffset)), copy);
    }

    private long addressOf(Entry<P> e, int copy) {
        if (e == null) {
            return 0;
        }
        int el = e.element();
        if (referenced != null) {
            // A plain store: racing with the clock hand can only cost an entry its second chance.
            referenced[el] = 1;
        }
        return values.address(el, copy);
    }

    /// The payload of `key`, or null when absent.
    P payload(byte[] key) {
        Entry<P> e = index.get(Key.wrap(key));
        return e == null ? null : e.payload;
    }

    /// As [#payload], with the key at `keyOffset` of `segment` for a program in `slot`,
    /// allocating nothing (see [#addressAt]).
    P payloadAt(MemorySegment segment, long keyOffset, int slot) {
        Entry<P> e = index.get(probes[slot].load(segment, keyOffset));
        return e == null ? null : e.payload;
    }

    /// Every entry's payload, in no particular order.
    java.util.List<P> payloads() {
        return index.values().stream().map(e -> e.payload).toList();
    }

    /// Inserts or updates `key` under `flags` (already checked); 0 or a positive errno.
    int put(byte[] key, long flags, Filler filler) {
        return put(key, flags, filler, null);
    }

    /// As [#put(byte[], long, Filler)], giving the entry `payload`. (A per-slot map updates
    /// in place and keeps the payload it has.)
    int put(byte[] key, long flags, Filler filler, P payload) {
        Key k = Key.copyOf(key);
        synchronized (lock) {
            return putLocked(k, k, flags, filler, payload);
        }
    }

    /// As [#put(byte[], long, Filler)], with the key at `keyOffset` of `segment` (checked by the
    /// caller), for a program running in execution slot `slot`: read in place through the
    /// slot's scratch key, so that replacing the value of an existing key allocates no key.
    int putAt(MemorySegment segment, long keyOffset, int slot, long flags, Filler filler) {
        KeyProbe probe = probes[slot].load(segment, keyOffset);
        synchronized (lock) {
            return putLocked(probe, null, flags, filler, null);
        }
    }

    /// The update under the lock. `probe` is what the index is asked with (a [Key] or a
    /// [KeyProbe]); `key` is the key to store for a new entry, or null to copy the probe's.
    private int putLocked(Object probe, Key key, long flags, Filler filler, P payload) {
        Entry<P> old = index.get(probe);
        if (old != null && flags == BpfMap.NOEXIST) {
            return Errno.EEXIST;
        }
        if (old == null && flags == BpfMap.EXIST) {
            return Errno.ENOENT;
        }
        if (old != null && inPlace) {
            updateInPlace(old.element(), filler);
            return 0;
        }
        if (old != null && old.payload == payload) {
            move(old, filler);
            return 0;
        }
        if (old == null && count >= map.maxEntries()) {
            if (referenced == null) {
                return Errno.E2BIG;
            }
            evict();
        }
        // Invariant: count <= max_entries keys hold elements, and the pool has
        // max_entries + 1 elements when replacing (plain hash), so one is free here.
        int el = elements.take();
        // Keys never change, so a replacing entry shares its predecessor's.
        Key k = old != null ? old.key : key != null ? key : ((KeyProbe) probe).toKey();
        Entry<P> e = new Entry<>(k, el, payload);
        reference(el, (byte) 0);
        elements.publish(el, e, filler, true);
        index.put(k, e);
        if (old != null) {
            elements.release(old.element());
        } else {
            count++;
        }
        changed();
        return 0;
    }

    /// A per-slot map's update of an existing key: in place, inside the element's seqlock.
    private void updateInPlace(int el, Filler filler) {
        values.beginWrite(el);
        try {
            filler.fill(values, el, false);
        } finally {
            values.endWrite(el);
        }
        reference(el, (byte) 1);
    }

    /// A plain map's update of an existing key that keeps its payload: fills a free element
    /// and moves the entry to it, then frees the old one. The keys do not change.
    private void move(Entry<P> entry, Filler filler) {
        // Invariant: as for a new key below, one element is free when count <= max_entries.
        int el = elements.take();
        int from = entry.element();
        reference(el, (byte) 0);
        elements.publish(el, entry, filler, true);
        entry.moveTo(el);
        elements.release(from);
    }

    /// Removes `key`; 0 or `ENOENT`.
    int remove(byte[] key) {
        return remove((Object) Key.wrap(key));
    }

    /// As [#remove(byte[])], with the key at `keyOffset` of `segment` for a program in `slot`,
    /// allocating nothing (see [#addressAt]).
    int removeAt(MemorySegment segment, long keyOffset, int slot) {
        return remove(probes[slot].load(segment, keyOffset));
    }

    /// Removes the key equal to `probe` (a [Key] or a [KeyProbe]: the index keeps neither).
    private int remove(Object probe) {
        synchronized (lock) {
            Entry<P> e = index.remove(probe);
            if (e == null) {
                return Errno.ENOENT;
            }
            elements.release(e.element());
            count--;
            changed();
            return 0;
        }
    }

    /// Counts a change of the keys, for [#sortedKeys]. A release store under the lock: readers
    /// that see the new number see the change, and no store after it needs to wait for it.
    private void changed() {
        VERSION.setRelease(this, version + 1);
    }

    private void reference(int element, byte bit) {
        if (referenced != null) {
            referenced[element] = bit;
        }
    }

    /// Removes the entry the clock hand finds first without its referenced bit (LRU maps).
    private void evict() {
        // Invariant: the map is full and max_entries >= 1, so an element has an owner; after
        // one turn of the hand every bit is clear, so the loop ends within two turns.
        while (true) {
            int el = hand;
            hand = (hand + 1) % referenced.length;
            Entry<P> e = elements.owner(el);
            if (e == null) {
                continue;
            }
            if (referenced[el] != 0) {
                referenced[el] = 0;
                continue;
            }
            index.remove(e.key, e);
            elements.release(el);
            count--;
            changed();
            return;
        }
    }

    Optional<byte[]> nextKey(Optional<byte[]> key) {
        Key[] keys = sortedKeys();
        if (keys.length == 0) {
            return Optional.empty();
        }
        if (key.isEmpty()) {
            return Optional.of(keys[0].bytes());
        }
        map.checkKey("next key", key.get());
        int i = Arrays.binarySearch(keys, Key.wrap(key.get()));
        if (i < 0) {
            return Optional.of(keys[0].bytes());
        }
        return i + 1 < keys.length ? Optional.of(keys[i + 1].bytes()) : Optional.empty();
    }

    private Key[] sortedKeys() {
        long v = version;
        Snapshot s = snapshot;
        if (s != null && s.version() == v) {
            return s.keys();
        }
        Key[] keys = index.keySet().toArray(Key[]::new);
        Arrays.sort(keys);
        if (version == v) {
            snapshot = new Snapshot(v, keys);
        }
        return keys;
    }
}
