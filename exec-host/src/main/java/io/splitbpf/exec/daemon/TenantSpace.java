package io.splitbpf.exec.daemon;

import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.Objects;

/// What one tenant has on the host: its linear memory, where all its programs' and maps'
/// regions live, its maps' registry (handles resolve across the tenant's programs, so that a
/// map of maps can hold any map of the tenant and a tail call can reach another program's
/// maps), its trace log, and the gate its runs pass.
///
/// Loading, unloading and the changes of which maps are alive synchronize on it, so that a
/// load sees exactly the regions it allocated ([TenantMemory#regions] before and after). Memory
/// is given back only through [#afterRuns]: runs hold the gate while they execute, so nothing
/// still running can see a released region (Linux waits for an RCU grace period the same way).
final class TenantSpace {
    private final String name;
    private final TenantMemory memory;
    private final TraceFile trace;
    private final MapRegistry registry;
    private final Lifecycle runs = new Lifecycle("the tenant is gone");

    /// The tenant `name` (its certificate's common name), with `memory` for programs of
    /// `slots` execution slots.
    TenantSpace(String name, TenantMemory memory, TraceFile trace, int slots) {
        this.name = Objects.requireNonNull(name, "name");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.trace = Objects.requireNonNull(trace, "trace");
        this.registry = new MapRegistry(memory, slots);
    }

    String name() {
        return name;
    }

    TenantMemory memory() {
        return memory;
    }

    TraceFile trace() {
        return trace;
    }

    MapRegistry registry() {
        return registry;
    }

    /// The gate of one run (or one batch of runs): held until closed.
    Lifecycle.Use run() {
        try {
            return runs.enter();
        } catch (io.splitbpf.core.thrift.ServiceError e) {
            throw new IllegalStateException("a tenant's run gate never closes", e);
        }
    }

    /// Runs `release` once no run of the tenant is under way (runs that start meanwhile wait).
    void afterRuns(Runnable release) {
        runs.quiesce(release);
    }

    /// `name` as a file name: characters other than letters, digits, `.`, `_`, `@` and `-`
    /// become `_` (tenant names from the CA never have any; a file name must not anyway).
    static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._@-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }
}
