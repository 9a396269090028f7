package io.splitbpf.exec.maps;

import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/// A reusable key for looking up a hash map's index without allocating: a scratch buffer that
/// [#load] fills from the tenant's memory, equal to the [Key] with the same bytes (the
/// [java.util.Map#get] contract compares with `probe.equals(key)`). Never stored in an index.
///
/// Not thread-safe: each execution slot has its own, and one slot runs on one thread at a time
/// (as its stack does). A probe misused from two threads could only find the wrong key of the
/// same map, whose value addresses all lie in the map's own region.
final class KeyProbe {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private int hash;
    private long word;

    KeyProbe(int keySize) {
        this.bytes = new byte[keySize];
    }

    /// Fills the probe with the key at `offset` of `segment` (already checked by the caller).
    KeyProbe load(MemorySegment segment, long offset) {
        // The common key sizes in one access each, hashed from the word they read.
        switch (bytes.length) {
            case 4 -> {
                int w = segment.get(TenantMemory.U32, offset);
                INTS.set(bytes, 0, w);
                word = w & 0xffff_ffffL;
            }
            case 8 -> {
                word = segment.get(TenantMemory.U64, offset);
                LONGS.set(bytes, 0, word);
            }
            default -> {
                MemorySegment.copy(segment, TenantMemory.U8, offset, bytes, 0, bytes.length);
                word = Key.word(bytes);
            }
        }
        hash = bytes.length <= Key.WORD_BYTES ? Key.hashWord(bytes.length, word) : Key.hash(bytes);
        return this;
    }

    /// A [Key] holding a copy of the probe's bytes, to store in an index.
    Key toKey() {
        return Key.copyOf(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && k.matches(hash, word, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
