package io.splitbpf.verifier;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/// Bounds the work of one verification request: a wall-clock deadline and a number of analysis
/// steps (one step is one instruction analysed, so the steps of a run are its instructions
/// times the iterations over them). The fixpoint iteration charges the budget before every
/// basic-block transfer and stops with an [AnalysisLimitException] once either bound is
/// passed; the check is cooperative, so it costs one clock read a block and needs no thread
/// to be interrupted.
///
/// A budget may be charged by several verifications in turn (the programs of one request share
/// it), but by one thread at a time: it is not thread-safe.
public final class AnalysisBudget {
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Duration time;
    private final long deadlineNanos;
    private final long maxSteps;
    private long steps;

    private AnalysisBudget(Duration time, long deadlineNanos, long maxSteps) {
        this.time = time;
        this.deadlineNanos = deadlineNanos;
        this.maxSteps = maxSteps;
    }

    /// No bound at all: what [Verifier#verify] uses.
    public static AnalysisBudget unlimited() {
        return new AnalysisBudget(null, NO_DEADLINE, Long.MAX_VALUE);
    }

    /// At most `time` from now and `maxSteps` steps.
    ///
    /// @throws IllegalArgumentException when either is not positive
    public static AnalysisBudget of(Duration time, long maxSteps) {
        Objects.requireNonNull(time, "time");
        if (time.isNegative() || time.isZero()) throw new IllegalArgumentException("time limit " + time + " is not positive");
        if (maxSteps < 1) throw new IllegalArgumentException("step limit " + maxSteps + " is not positive");
        return new AnalysisBudget(time, System.nanoTime() + time.toNanos(), maxSteps);
    }

    /// Records `n` more steps.
    ///
    /// @throws AnalysisLimitException when the deadline has passed or the steps exceed the limit
    public void charge(int n) {
        steps += n;
        if (steps > maxSteps) {
            throw new AnalysisLimitException(AnalysisLimitException.Limit.STEPS, String.format(Locale.ROOT,
                    "the analysis needed more than %,d steps (instructions analysed, counting each iteration)", maxSteps));
        }
        if (deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos > 0) {
            throw new AnalysisLimitException(AnalysisLimitException.Limit.TIME,
                    "the analysis ran longer than " + describe(time));
        }
    }

    /// The steps charged so far.
    public long steps() {
        return steps;
    }

    /// A duration as limits are written in messages: `30 s`, `250 ms`, `1 ns`.
    public static String describe(Duration d) {
        if (d.toNanos() % 1_000_000 != 0 && d.toMillis() < 1000) return d.toNanos() + " ns";
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
