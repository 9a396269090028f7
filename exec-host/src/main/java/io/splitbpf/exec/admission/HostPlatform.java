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
    /// and tracepoint and kprobe programs, whose context is a raw record. Socket filters, tc
    /// and socket-address programs need context layouts the host does not have yet.
    public static final Set<ProgramType> RUNNABLE_TYPES =
            Collections.unmodifiableSet(EnumSet.of(ProgramType.XDP, ProgramType.TRACEPOINT, ProgramType.KPROBE));

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
