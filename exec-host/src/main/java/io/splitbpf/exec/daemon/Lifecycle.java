package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/// When something of the store (a program, a map) may still be used: uses [#enter] it (a read
/// lock, many at once), and [#close] waits for the uses under way (the write lock) before
/// marking it gone, after which every use is `NOT_FOUND`.
final class Lifecycle {
    private final String gone;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /// A lifecycle whose uses after [#close] get `NOT_FOUND` with the message `gone`, e.g.
    /// `program 3 was unloaded`.
    Lifecycle(String gone) {
        this.gone = gone;
    }

    /// A use: it stays open until the use is closed.
    ///
    /// @throws ServiceError `NOT_FOUND` when it was closed meanwhile
    Use enter() throws ServiceError {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new ServiceError(ErrorCode.NOT_FOUND, gone);
        }
        return () -> lock.readLock().unlock();
    }

    /// Marks it gone once every use under way has ended.
    void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /// Runs `action` once no use is under way, new uses waiting meanwhile (a grace period).
    void quiesce(Runnable action) {
        lock.writeLock().lock();
        try {
            action.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /// A use under way; closing it ends the use.
    interface Use extends AutoCloseable {
        @Override
        void close();
    }
}
