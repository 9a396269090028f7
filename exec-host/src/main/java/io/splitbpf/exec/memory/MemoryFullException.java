package io.splitbpf.exec.memory;

/// A tenant's memory cannot hold a region asked for: a limit of the tenant, not a fault of the
/// host. The message names the tenant, the region and what is left.
public final class MemoryFullException extends IllegalStateException {
    public MemoryFullException(String message) {
        super(message);
    }
}
