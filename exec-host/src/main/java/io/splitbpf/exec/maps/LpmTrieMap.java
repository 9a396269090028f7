package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/// `BPF_MAP_TYPE_LPM_TRIE`: longest-prefix match over keys `struct bpf_lpm_trie_key_u8` (a u32
/// prefix length, then `key_size - 4` bytes of data in network order), as Linux's
/// `kernel/bpf/lpm_trie.c`:
/// - lookups (from programs and from Java) give the value of the longest stored prefix that
///   matches the key's first `prefixlen` bits; a key longer than the data is not found;
/// - updates and deletes act on the exact prefix (length and leading bits); a prefix longer
///   than the data is `EINVAL`; a new prefix in a full trie is `ENOSPC` (replacing a stored one
///   succeeds, as Linux since 6.13);
/// - [#nextKey] walks the trie in post-order, more specific prefixes first ([LpmTrie]);
/// - the data bits past a prefix are kept as the last update gave them, as Linux does.
///
/// Linux requires `BPF_F_NO_PREALLOC` and allocates nodes as they are added; here the nodes
/// are on the Java heap and the values are preallocated in the tenant's memory all the same
/// (`max_entries + 1` of them, the spare for replacing a value in a full trie), so a trie
/// costs its full size at creation. An update fills a free element and swaps it in, as
/// [HashCore] does: a concurrent lookup sees the old value or the new one. Lookups take no
/// lock and allocate nothing for programs (each execution slot has its own scratch key).
public final class LpmTrieMap extends BpfMap {
    /// Linux's `LPM_DATA_SIZE_MAX`: the longest key data.
    public static final int MAX_DATA_SIZE = 256;

    private final LpmTrie trie;
    private final ElementPool<LpmTrie.Node> elements;
    private final LpmKey[] probes;
    private final int dataSize;
    private final Object lock = new Object();

    LpmTrieMap(MapSpec spec, TenantMemory memory, int slots) {
        super(spec, slots);
        this.dataSize = spec.keySize() - 4;
        boolean writable = (spec.flags() & MapSpec.F_RDONLY_PROG) == 0;
        this.elements = new ElementPool<>(new ValueSlots(memory, spec.name(), spec.valueSize(), 1,
                Math.addExact(spec.maxEntries(), 1), writable));
        this.trie = new LpmTrie(dataSize * 8, spec.maxEntries());
        this.probes = new LpmKey[slots];
        for (int i = 0; i < slots; i++) {
            probes[i] = new LpmKey(dataSize);
        }
    }

    /// The number of stored prefixes.
    public int size() {
        synchronized (lock) {
            return trie.size();
        }
    }

    @Override
    public Optional<Region> valueRegion() {
        return Optional.of(elements.values().region());
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        checkKey("lookup", key);
        LpmKey k = LpmKey.of(key);
        while (true) {
            LpmTrie.Node node = trie.lookup(k);
            if (node == null) {
                return Optional.empty();
            }
            byte[] out = elements.readOwned(node.element, node);
            if (out != null) {
                return Optional.of(out);
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void update(byte[] key, byte[] value, long flags) {
        checkKey("update", key);
        checkValue(value, valueSize());
        checkFlags(flags);
        checkWritable();
        throwIfFailed("update", put(LpmKey.of(key), (v, el, fresh) -> v.store(el, value, true), flags), key);
    }

    @Override
    public void delete(byte[] key) {
        checkKey("delete", key);
        throwIfFailed("delete", remove(LpmKey.of(key)), key);
    }

    @Override
    public Optional<byte[]> nextKey(Optional<byte[]> key) {
        key.ifPresent(k -> checkKey("next key", k));
        LpmTrie.Node next = trie.next(key.map(LpmKey::of).orElse(null));
        return next == null ? Optional.empty() : Optional.of(LpmKey.bytes(next.prefixlen, next.bits, dataSize));
    }

    @Override
    public long programLookup(byte[] key, int slot) {
        return addressOf(trie.lookup(LpmKey.of(key)));
    }

    @Override
    public long programLookupAt(MemorySegment segment, long keyOffset, int slot) {
        return addressOf(trie.lookup(probes[slot].load(segment, keyOffset)));
    }

    private long addressOf(LpmTrie.Node node) {
        return node == null ? 0 : elements.values().address(node.element, 0);
    }

    @Override
    public long programUpdate(byte[] key, long valueAddress, long flags, int slot) {
        requireWritableByPrograms();
        int e = flagsError(flags);
        return e != 0 ? -e : -put(LpmKey.of(key), (v, el, fresh) -> v.storeFrom(el, 0, valueAddress), flags);
    }

    @Override
    public long programDelete(byte[] key) {
        requireWritableByPrograms();
        return -remove(LpmKey.of(key));
    }

    private void requireWritableByPrograms() {
        if (!elements.values().region().writable()) {
            throw new IllegalArgumentException("map '" + name() + "' is read-only to programs");
        }
    }

    /// Stores `key` (owned by the trie from now on); 0 or a positive errno.
    private int put(LpmKey key, HashCore.Filler filler, long flags) {
        if (key.prefixlen > trie.maxPrefixlen()) {
            return Errno.EINVAL;
        }
        synchronized (lock) {
            // Invariant: at most max_entries elements hold stored prefixes and the pool has
            // max_entries + 1, so one is free.
            int el = elements.take();
            LpmTrie.Node node = new LpmTrie.Node((int) key.prefixlen, key.bits, el);
            elements.publish(el, node, filler, true);
            int e = trie.insert(node, flags);
            if (e != 0) {
                elements.release(el);
            } else if (trie.freed() >= 0) {
                elements.release(trie.freed());
            }
            return e;
        }
    }

    private int remove(LpmKey key) {
        synchronized (lock) {
            int e = trie.remove(key);
            if (e == 0) {
                elements.release(trie.freed());
            }
            return e;
        }
    }

    private void throwIfFailed(String operation, int errno, byte[] key) {
        String prefix = "prefix /" + Integer.toUnsignedString((int) LpmKey.of(key).prefixlen);
        switch (errno) {
            case 0 -> { }
            case Errno.EINVAL -> throw error(operation, errno, prefix + " is longer than the " + dataSize * 8
                    + " bits of the key data");
            case Errno.EEXIST -> throw error(operation, errno, prefix + " exists (BPF_NOEXIST)");
            case Errno.ENOENT -> throw error(operation, errno, "no such prefix" + (operation.equals("update")
                    ? " (BPF_EXIST)" : ""));
            case Errno.ENOSPC -> throw error(operation, errno, "the trie is full (max_entries " + maxEntries() + ")");
            default -> throw error(operation, errno, "failed");
        }
    }
}
