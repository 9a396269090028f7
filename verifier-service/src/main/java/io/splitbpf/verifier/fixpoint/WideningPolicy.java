package io.splitbpf.verifier.fixpoint;

import io.splitbpf.verifier.domain.num.Thresholds;

/// How loop heads are widened: plain joins for the first `delay` iterations, then widening
/// with `thresholds`; after stabilising, `narrowings` descending steps; and a cap on the
/// iterations of one component, beyond which the analysis gives up (and rejects).
///
/// @param delay joins before widening starts
/// @param thresholds where growing bounds stop before infinity
/// @param narrowings descending steps after the ascending sequence stabilises
/// @param maxIterations the most iterations of one component
public record WideningPolicy(int delay, Thresholds thresholds, int narrowings, int maxIterations) {
    /// PREVAIL's delay of 2, thresholds at the usual machine and region limits, 2 narrowings.
    public static final WideningPolicy DEFAULT = new WideningPolicy(2,
            Thresholds.of(-1, 0, 1, 512, 4096, 65535, 65536, Integer.MAX_VALUE, 2147418112L, 0xffff_ffffL), 2, 1000);

    public WideningPolicy {
        if (delay < 0 || narrowings < 0 || maxIterations < 1) {
            throw new IllegalArgumentException("widening policy " + delay + "/" + narrowings + "/" + maxIterations);
        }
    }
}
