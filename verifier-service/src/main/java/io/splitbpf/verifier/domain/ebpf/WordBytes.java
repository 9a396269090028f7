package io.splitbpf.verifier.domain.ebpf;

import java.nio.ByteOrder;

/// A word of 1 to 8 bytes as the bytes memory holds, in a byte order: what a store of a known
/// value leaves in each byte, and what a load of known bytes gives.
final class WordBytes {
    private WordBytes() {}

    /// The bytes, lowest address first, that storing the low `width` bytes of `value` leaves.
    static int[] of(long value, int width, ByteOrder order) {
        int[] out = new int[width];
        for (int i = 0; i < width; i++) {
            int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : width - 1 - i);
            out[i] = (int) (value >>> shift) & 0xff;
        }
        return out;
    }

    /// The word (zero-extended) that loading `bytes[from, to)` gives.
    static long load(int[] bytes, int from, int to, ByteOrder order) {
        long v = 0;
        int width = to - from;
        for (int i = 0; i < width; i++) {
            int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : width - 1 - i);
            v |= (long) bytes[from + i] << shift;
        }
        return v;
    }
}
