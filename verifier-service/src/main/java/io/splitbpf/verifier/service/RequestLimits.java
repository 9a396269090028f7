package io.splitbpf.verifier.service;

import io.splitbpf.verifier.AnalysisBudget;
import java.time.Duration;
import java.util.Locale;

/// What one request may use, and how many may run at once.
///
/// @param maxConcurrent requests verified at once; more get BUSY at once, never a queue
/// @param timeout the wall-clock time one request may take
/// @param maxSteps the analysis steps (instructions analysed, counting each iteration) one
///        request may take, over all its programs
/// @param maxObjectBytes the largest object file accepted
/// @param maxReportBytes the most report text and JSON one response may carry
/// @param maxValidity the longest artifact lifetime the service grants
public record RequestLimits(int maxConcurrent, Duration timeout, long maxSteps, int maxObjectBytes, int maxReportBytes,
                            Duration maxValidity) {
    /// Connections served at once ([io.splitbpf.core.rpc.RpcLimits#maxConnections]): every
    /// one may hold a request frame, so objects are capped by the heap over this.
    public static final int MAX_CONNECTIONS = 64;
    /// A request's time limit unless told otherwise.
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /// Linux's complexity limit is a million processed instructions; the analysis steps of a
    /// request are bounded alike. The largest programs of the corpus take under 7,000.
    public static final long DEFAULT_MAX_STEPS = 1_000_000;
    /// The longest artifact lifetime unless told otherwise.
    public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofDays(30);
    /// The heap one verification of the corpus's largest programs retains, measured (about 53 MiB
    /// for bpf_lxc handle_policy), with room: the default concurrency is the heap over this.
    static final long HEAP_PER_REQUEST = 96L << 20;

    public RequestLimits {
        if (maxConcurrent < 1) throw new IllegalArgumentException("--max-requests must be at least 1, not " + maxConcurrent);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--request-timeout must be positive, not " + timeout);
        }
        if (maxSteps < 1) throw new IllegalArgumentException("the step limit must be at least 1, not " + maxSteps);
        if (maxObjectBytes < 1 || maxReportBytes < 1) throw new IllegalArgumentException("size limits must be positive");
        if (maxValidity.isNegative() || maxValidity.isZero()) {
            throw new IllegalArgumentException("--max-validity must be positive, not " + maxValidity);
        }
    }

    /// The defaults for a JVM with `heapBytes` of heap and `cores` processors: as many
    /// concurrent requests as the heap holds at [#HEAP_PER_REQUEST] each (at least one, at most
    /// two per core); objects up to a quarter of the heap over [#MAX_CONNECTIONS]; reports up
    /// to an eighth of the heap over the concurrent requests (each between 1 and 64 MiB except
    /// objects, which may be as small as 256 KiB).
    public static RequestLimits defaults(long heapBytes, int cores) {
        int concurrent = (int) Math.clamp(heapBytes / HEAP_PER_REQUEST, 1, 2L * Math.max(1, cores));
        return withConcurrency(heapBytes, concurrent, DEFAULT_TIMEOUT, DEFAULT_MAX_VALIDITY);
    }

    /// The defaults with `concurrent` requests, `timeout` and `maxValidity` given.
    public static RequestLimits withConcurrency(long heapBytes, int concurrent, Duration timeout, Duration maxValidity) {
        int object = (int) Math.clamp(heapBytes / (4L * MAX_CONNECTIONS), 256L << 10, 64L << 20);
        int report = (int) Math.clamp(heapBytes / (8L * Math.max(1, concurrent)), 1L << 20, 64L << 20);
        return new RequestLimits(concurrent, timeout, DEFAULT_MAX_STEPS, object, report, maxValidity);
    }

    /// The largest frame a connection may send: an object at its limit and the request's
    /// other fields.
    public int maxFrameBytes() {
        return maxObjectBytes + (1 << 20);
    }

    /// One line for the start-up output and the status.
    public String describe() {
        return String.format(Locale.ROOT, "at most %d at once (more get BUSY), %s and %,d analysis steps each, objects up "
                        + "to %,d bytes, reports up to %,d bytes, artifacts valid up to %d days", maxConcurrent,
                AnalysisBudget.describe(timeout), maxSteps, maxObjectBytes, maxReportBytes, maxValidity.toDays());
    }
}
