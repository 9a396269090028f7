package io.splitbpf.verifier.domain.num;

import java.util.Arrays;

/// A sorted set of widening thresholds (for example the 32-bit limits, so that a loop
/// counter widens to `INT32_MAX` before `+∞`).
public final class Thresholds {
    /// No thresholds: plain widening.
    public static final Thresholds NONE = new Thresholds(new long[0]);

    private final long[] sorted;

    private Thresholds(long[] sorted) {
        this.sorted = sorted;
    }

    public static Thresholds of(long... values) {
        return new Thresholds(Arrays.stream(values).sorted().distinct().toArray());
    }

    /// These thresholds and `more`.
    public Thresholds with(long... more) {
        if (more.length == 0) {
            return this;
        }
        long[] all = Arrays.copyOf(sorted, sorted.length + more.length);
        System.arraycopy(more, 0, all, sorted.length, more.length);
        return of(all);
    }

    /// The largest threshold at most `b`, or `-∞`.
    public Bound below(Bound b) {
        for (int i = sorted.length - 1; i >= 0; i--) {
            if (Bound.of(sorted[i]).compareTo(b) <= 0) {
                return Bound.of(sorted[i]);
            }
        }
        return Bound.MINUS_INF;
    }

    /// The smallest threshold at least `b`, or `+∞`.
    public Bound above(Bound b) {
        for (long t : sorted) {
            if (Bound.of(t).compareTo(b) >= 0) {
                return Bound.of(t);
            }
        }
        return Bound.PLUS_INF;
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
