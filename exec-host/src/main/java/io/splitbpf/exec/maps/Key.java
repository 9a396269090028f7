package io.splitbpf.exec.maps;

import java.util.Arrays;

/// A map key on the Java heap: its bytes, compared by content, ordered unsigned
/// lexicographically (the order hash maps iterate in). Never mutated after construction.
final class Key implements Comparable<Key> {
    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
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
