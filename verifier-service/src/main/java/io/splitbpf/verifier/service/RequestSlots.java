package io.splitbpf.verifier.service;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/// The bound on requests in progress: a request takes a slot or is told BUSY at once; it is
/// never queued, so a burst of callers costs the service no memory beyond their frames.
public final class RequestSlots {
    private final int max;
    private final Semaphore permits;

    /// At most `max` slots taken at once.
    public RequestSlots(int max) {
        if (max < 1) throw new IllegalArgumentException("at least one slot, not " + max);
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /// A slot, or none when all are taken.
    public Optional<Slot> tryEnter() {
        return permits.tryAcquire() ? Optional.of(new Slot()) : Optional.empty();
    }

    /// The slots taken now.
    public int inProgress() {
        return max - permits.availablePermits();
    }

    /// The number of slots.
    public int max() {
        return max;
    }

    /// A taken slot; closing it gives it back (once, however often it is closed).
    public final class Slot implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Slot() {}

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) permits.release();
        }
    }
}
