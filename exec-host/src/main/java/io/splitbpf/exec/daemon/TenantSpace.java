package io.splitbpf.exec.daemon;

import io.splitbpf.exec.memory.TenantMemory;
import java.util.Objects;

/// What one tenant has on the host: its linear memory, where all its programs' and maps'
/// regions live, and its trace log. Loading and unloading synchronize on it, so that a load
/// sees exactly the regions it allocated ([TenantMemory#regions] before and after).
///
/// @param name the tenant (its certificate's common name)
/// @param memory its memory
/// @param trace its `bpf_trace_printk` output
record TenantSpace(String name, TenantMemory memory, TraceFile trace) {
    TenantSpace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(trace, "trace");
    }

    /// `name` as a file name: characters other than letters, digits, `.`, `_`, `@` and `-`
    /// become `_` (tenant names from the CA never have any; a file name must not anyway).
    static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._@-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }
}
