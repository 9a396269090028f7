package io.splitbpf.exec.daemon;

import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.thrift.ServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/// What `status()` reports, shared by every connection: the daemon's version, pid, start, its
/// confinement steps as reported at start-up, and the requests in progress.
public final class HostStatus {
    private final String version;
    private final Instant started;
    private final List<String> confinement;
    private final int maxConcurrent;
    private final AtomicInteger inProgress = new AtomicInteger();

    /// The status of a daemon of `version` started at `started`, serving at most
    /// `maxConcurrent` connections, confined as `confinement` says.
    public HostStatus(String version, Instant started, List<String> confinement, int maxConcurrent) {
        this.version = Objects.requireNonNull(version, "version");
        this.started = Objects.requireNonNull(started, "started");
        this.confinement = List.copyOf(confinement);
        this.maxConcurrent = maxConcurrent;
    }

    /// The status as `caller` sees it.
    ServiceStatus of(PeerIdentity caller) {
        return new ServiceStatus("host", version, ProcessHandle.current().pid(), started.toEpochMilli(),
                caller.unit() + " " + caller.name(), confinement, inProgress.get(), maxConcurrent);
    }

    /// Counts a request until the returned handle is closed.
    Request begin() {
        inProgress.incrementAndGet();
        return inProgress::decrementAndGet;
    }

    /// A request in progress.
    interface Request extends AutoCloseable {
        @Override
        void close();
    }
}
