package io.splitbpf.exec.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/// A map key on the Java heap: its bytes, compared by content, ordered unsigned
/// lexicographically (the order hash maps iterate in). Never mutated after construction.
final class Key implements Comparable<Key> {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /// The longest key that [#word] holds whole.
    static final int WORD_BYTES = 8;

    private final byte[] bytes;
    private final int length;
    private final int hash;
    /// The first (up to) 8 bytes, little endian: for keys of at most 8 bytes, equal words mean
    /// equal keys, so comparing them reads no array (one dependent load less per lookup).
    private final long word;

    private Key(byte[] bytes) {
        this.bytes = bytes;
        this.length = bytes.length;
        this.word = word(bytes);
        this.hash = bytes.length <= WORD_BYTES ? hashWord(bytes.length, word) : hash(bytes);
    }

    /// The first `min(8, length)` bytes of `bytes` as a little-endian number.
    static long word(byte[] bytes) {
        if (bytes.length >= WORD_BYTES) {
            return (long) LONGS.get(bytes, 0);
        }
        long w = 0;
        for (int i = 0; i < bytes.length; i++) {
            w |= (bytes[i] & 0xffL) << (8 * i);
        }
        return w;
    }

    /// The hash of key bytes: each 8 bytes (little endian, the last ones zero-padded) mixed into
    /// the length with MurmurHash3's 64-bit finaliser, folded to 32 bits. Not
    /// [Arrays#hashCode]: its polynomial gives whole families of little-endian integer keys the
    /// same hash (u32 keys `b0 + 256 * b1` and `b0 + 1 + 256 * (b1 - 31)` collide), which
    /// turns the index's bins into trees at a few thousand entries.
    static int hash(byte[] bytes) {
        long h = bytes.length;
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            h = mix(h ^ (long) LONGS.get(bytes, i));
        }
        if (i < bytes.length) {
            long tail = 0;
            for (int shift = 0; i < bytes.length; i++, shift += 8) {
                tail |= (bytes[i] & 0xffL) << shift;
            }
            h = mix(h ^ tail);
        }
        return fold(h);
    }

    /// [#hash] of a key of 1 to 8 bytes whose little-endian value is `word`, without a loop:
    /// what program lookups of the common u32 and u64 keys compute.
    static int hashWord(int length, long word) {
        return fold(mix(length ^ word));
    }

    private static int fold(long h) {
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long h) {
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /// A key owning `bytes` (the caller must not change them afterwards).
    static Key wrap(byte[] bytes) {
        return new Key(bytes);
    }

    /// A key holding a copy of `bytes`.
    static Key copyOf(byte[] bytes) {
        return new Key(bytes.clone());
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /// Whether the key's bytes are `other`'s, whose hash is `otherHash` and whose [#word] is
    /// `otherWord`.
    boolean matches(int otherHash, long otherWord, byte[] other) {
        return hash == otherHash && (other.length <= WORD_BYTES
                ? word == otherWord && length == other.length
                : Arrays.equals(bytes, other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && k.matches(hash, word, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Key o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
