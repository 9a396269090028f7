package io.splitbpf.exec.admission;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.exec.helpers.LinuxHelpers;
import io.splitbpf.exec.maps.BpfMap;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/// What an execution host can run: the program types it has a context for, the map types it
/// implements and the helpers of its shim. An artifact needing anything else is refused as
/// `UNSUPPORTED` before anything is created for it.
///
/// @param programTypes the program types the host can run (and test-run)
/// @param mapTypes the map types it can create
/// @param helperIds the helpers it provides
public record HostPlatform(Set<ProgramType> programTypes, Set<MapType> mapTypes, SortedSet<Integer> helperIds) {
    /// The program types this build runs: XDP (with `xdp_md` rewritten to the host layout),
    /// socket filters and tc classifiers and actions (`__sk_buff`, its packet pointers
    /// rewritten), tracepoint and kprobe programs, whose context is a raw record, and
    /// socket-address programs (`bpf_sock_addr`, as Linux lays it out).
    public static final Set<ProgramType> RUNNABLE_TYPES = Collections.unmodifiableSet(EnumSet.of(ProgramType.XDP,
            ProgramType.SOCKET_FILTER, ProgramType.SCHED_CLS, ProgramType.SCHED_ACT, ProgramType.TRACEPOINT,
            ProgramType.KPROBE, ProgramType.CGROUP_SOCK_ADDR));

    public HostPlatform {
        programTypes = Set.copyOf(programTypes);
        mapTypes = Set.copyOf(mapTypes);
        helperIds = Collections.unmodifiableSortedSet(new TreeSet<>(helperIds));
    }

    /// This build's platform.
    public static HostPlatform current() {
        return new HostPlatform(RUNNABLE_TYPES, BpfMap.supportedTypes(), LinuxHelpers.ids());
    }
}
