package io.splitbpf.verifier.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/// What the service says about itself in `status()`.
///
/// @param version the service's version
/// @param pid its process id
/// @param started when it started
/// @param confinement each confinement step as [Sandbox] observed it
public record ServiceInfo(String version, long pid, Instant started, List<String> confinement) {
    public ServiceInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(started, "started");
        confinement = List.copyOf(confinement);
    }
}
