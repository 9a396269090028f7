package io.splitbpf.exec.maps;

import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/// An LPM trie key, `struct bpf_lpm_trie_key_u8`, as the trie compares it: the prefix length
/// and the data bits packed most significant bit first into longs (bit i of the data is bit
/// `63 - i % 64` of `bits[i / 64]`), zero-padded past the data.
///
/// ```
/// key bytes:  0      4                          key_size
///             | u32 prefixlen (host order) | data (network order, data_size bytes) |
/// ```
///
/// Mutable so that a program lookup can reuse one key per execution slot ([#load]) and
/// allocate nothing; a key stored in the trie is never changed again.
final class LpmKey {
    private static final ValueLayout.OfLong BIG_ENDIAN_LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BIG_ENDIAN_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /// The prefix length, as an unsigned u32 (so a huge one is larger than any trie's).
    long prefixlen;
    final long[] bits;
    private final int dataSize;

    LpmKey(int dataSize) {
        this.dataSize = dataSize;
        this.bits = new long[(dataSize + 7) / 8];
    }

    /// The key in `bytes` (`key_size` bytes, checked by the caller).
    static LpmKey of(byte[] bytes) {
        LpmKey k = new LpmKey(bytes.length - 4);
        k.prefixlen = (bytes[0] & 0xffL) | (bytes[1] & 0xffL) << 8 | (bytes[2] & 0xffL) << 16
                | (bytes[3] & 0xffL) << 24;
        for (int i = 0; i < k.dataSize; i++) {
            k.bits[i >>> 3] |= (bytes[4 + i] & 0xffL) << (56 - 8 * (i & 7));
        }
        return k;
    }

    /// Fills this key from the `4 + data_size` bytes at `offset` of `segment` (checked by the
    /// caller); returns it.
    LpmKey load(MemorySegment segment, long offset) {
        prefixlen = segment.get(TenantMemory.U32, offset) & 0xffff_ffffL;
        long data = offset + 4;
        int full = dataSize >>> 3;
        for (int i = 0; i < full; i++) {
            bits[i] = segment.get(BIG_ENDIAN_LONG, data + 8L * i);
        }
        if (full < bits.length) {
            // The tail in one access when it is an IPv4 address, else byte by byte.
            int i = full * 8;
            long last = 0;
            if (dataSize - i >= 4) {
                last = (long) segment.get(BIG_ENDIAN_INT, data + i) << 32;
                i += 4;
            }
            for (; i < dataSize; i++) {
                last |= (segment.get(TenantMemory.U8, data + i) & 0xffL) << (56 - 8 * (i & 7));
            }
            bits[full] = last;
        }
        return this;
    }

    /// A copy that no later [#load] changes.
    LpmKey copy() {
        LpmKey k = new LpmKey(dataSize);
        k.prefixlen = prefixlen;
        System.arraycopy(bits, 0, k.bits, 0, bits.length);
        return k;
    }

    /// Bit `index` of the data (0 is the most significant bit of the first byte).
    static int bit(long[] bits, int index) {
        return (int) (bits[index >>> 6] >>> (63 - (index & 63))) & 1;
    }

    /// The key's bytes: the prefix length, then the data.
    static byte[] bytes(int prefixlen, long[] bits, int dataSize) {
        byte[] out = new byte[4 + dataSize];
        out[0] = (byte) prefixlen;
        out[1] = (byte) (prefixlen >>> 8);
        out[2] = (byte) (prefixlen >>> 16);
        out[3] = (byte) (prefixlen >>> 24);
        for (int i = 0; i < dataSize; i++) {
            out[4 + i] = (byte) (bits[i >>> 3] >>> (56 - 8 * (i & 7)));
        }
        return out;
    }
}
