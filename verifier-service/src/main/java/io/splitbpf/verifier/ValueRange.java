package io.splitbpf.verifier;

/// A range of signed 64-bit values, both ends included.
///
/// @param min the least value
/// @param max the greatest value
public record ValueRange(long min, long max) {
    public ValueRange {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
    }

    @Override
    public String toString() {
        return min == max ? Long.toString(min) : "[" + min + ", " + max + "]";
    }
}
