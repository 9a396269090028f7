package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ProgramInfo;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.admission.Admitted;
import io.splitbpf.exec.maps.TailCallTarget;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/// A program the host admitted and loaded: its artifact, its code for one engine, its maps and
/// execution slots, the tenant memory regions it owns (its maps own theirs), its group and its
/// run statistics.
///
/// Runs [#enterRun] it; unloading [#close]s it (waiting for them), after which every use is
/// `NOT_FOUND` and its regions can be released.
final class LoadedProgram {
    /// Linux's `license_is_gpl_compatible`.
    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights",
            "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    private final int id;
    private final TenantSpace space;
    private final ProgramGroup group;
    private final Admitted admitted;
    private final String mode;
    private final Instant loadedAt;
    private final ExecutionEngine.LoadedCode code;
    private final ProgramHook hook;
    private final List<LoadedMap> maps;
    private final List<LoadedMap> createdMaps;
    private final TailCallTarget tailCallTarget;
    private final SlotPool slots;
    private final List<Region> regions;
    private final Optional<String> pin;
    private final AutoCloseable traceFollower;
    private final LongAdder runCount = new LongAdder();
    private final LongAdder runTimeNs = new LongAdder();
    private final Lifecycle lifecycle;

    /// What a load made, besides the program's identity.
    ///
    /// @param code the engine's code
    /// @param hook how its type runs
    /// @param maps its maps, in the artifact's order (created or shared)
    /// @param createdMaps the maps its load created (the artifact's maps the group lacked, and
    ///        the inner maps made from templates)
    /// @param slots its execution slots
    /// @param regions the tenant memory regions it owns (not its maps')
    record Parts(ExecutionEngine.LoadedCode code, ProgramHook hook, List<LoadedMap> maps, List<LoadedMap> createdMaps,
                 SlotPool slots, List<Region> regions) {
        Parts {
            maps = List.copyOf(maps);
            createdMaps = List.copyOf(createdMaps);
            regions = List.copyOf(regions);
        }
    }

    /// A loaded program; see the accessors for the parameters.
    LoadedProgram(int id, TenantSpace space, ProgramGroup group, Admitted admitted, String mode, Instant loadedAt,
                  Parts parts, Optional<String> pin, AutoCloseable traceFollower) {
        this.id = id;
        this.space = Objects.requireNonNull(space, "space");
        this.group = Objects.requireNonNull(group, "group");
        this.admitted = Objects.requireNonNull(admitted, "admitted");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
        this.code = parts.code();
        this.hook = parts.hook();
        this.maps = parts.maps();
        this.createdMaps = parts.createdMaps();
        this.slots = parts.slots();
        this.regions = parts.regions();
        this.tailCallTarget = new TailCallTarget(id, admitted.name(), code);
        this.pin = Objects.requireNonNull(pin, "pin");
        this.traceFollower = Objects.requireNonNull(traceFollower, "traceFollower");
        this.lifecycle = new Lifecycle("program " + id + " was unloaded");
    }

    int id() {
        return id;
    }

    String tenant() {
        return space.name();
    }

    TenantSpace space() {
        return space;
    }

    /// The group it belongs to (a group of its own unless it was loaded to share maps).
    ProgramGroup group() {
        return group;
    }

    /// What a prog_array slot holds for it.
    TailCallTarget tailCallTarget() {
        return tailCallTarget;
    }

    String name() {
        return admitted.name();
    }

    Admitted admitted() {
        return admitted;
    }

    String mode() {
        return mode;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    ExecutionEngine.LoadedCode code() {
        return code;
    }

    ProgramHook hook() {
        return hook;
    }

    /// Its maps, in the artifact's order.
    List<LoadedMap> maps() {
        return maps;
    }

    /// The maps its load created (the others were its group's already).
    List<LoadedMap> createdMaps() {
        return createdMaps;
    }

    SlotPool slots() {
        return slots;
    }

    /// The tenant memory regions it owns (stacks, contexts, frame buffers; not its maps).
    List<Region> regions() {
        return regions;
    }

    Optional<String> pin() {
        return pin;
    }

    /// Counts `runs` runs that took `nanos` in all.
    void recordRuns(long runs, long nanos) {
        runCount.add(runs);
        runTimeNs.add(nanos);
    }

    /// A run (or a batch of runs) of the program: it stays loaded, and the tenant's memory
    /// stays as it is, until the use is closed.
    ///
    /// @throws ServiceError `NOT_FOUND` when it was unloaded meanwhile
    Lifecycle.Use enterRun() throws ServiceError {
        Lifecycle.Use use = lifecycle.enter();
        Lifecycle.Use gate = space.run();
        return () -> {
            gate.close();
            use.close();
        };
    }

    /// Marks it unloaded once every run under way has ended; stops following its trace.
    void close() {
        lifecycle.close();
        try {
            traceFollower.close();
        } catch (Exception e) {
            throw new IllegalStateException("stop following the trace of program " + id, e);
        }
    }

    /// What `prog show` prints.
    ProgramInfo info() {
        byte[] insns = admitted.content().getInstructions();
        ProgramInfo info = new ProgramInfo(id, admitted.program().program().type().bpftoolName(), name(), tag(insns),
                tenant(), mode, loadedAt.toEpochMilli(), insns.length, code.codeSize(),
                maps.stream().map(LoadedMap::id).toList(), runCount.sum(), runTimeNs.sum(),
                GPL_COMPATIBLE.contains(admitted.program().program().license()), admitted.signer(),
                admitted.program().program().sectionName());
        pin.ifPresent(info::setPinned);
        return info;
    }

    /// bpftool's tag: the first 8 bytes of the SHA-1 of the instructions, with the immediates
    /// of map `lddw`s (`BPF_PSEUDO_MAP_FD`, `BPF_PSEUDO_MAP_VALUE`, both halves) zeroed as
    /// Linux's `bpf_prog_calc_tag` does, so that the same program has the same tag as on Linux.
    static String tag(byte[] instructions) {
        byte[] insns = instructions.clone();
        boolean ldMap = false;
        for (int at = 0; at + 8 <= insns.length; at += 8) {
            int src = (insns[at + 1] >> 4) & 0xf;
            boolean zeroImm;
            if (!ldMap && (insns[at] & 0xff) == 0x18 && (src == 1 || src == 2)) {
                ldMap = true;
                zeroImm = true;
            } else {
                zeroImm = ldMap && insns[at] == 0 && insns[at + 1] == 0 && insns[at + 2] == 0 && insns[at + 3] == 0;
                ldMap = false;
            }
            if (zeroImm) {
                Arrays.fill(insns, at + 4, at + 8, (byte) 0);
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(insns), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    @Override
    public String toString() {
        return "program " + id + " '" + name() + "' of tenant '" + tenant() + "'";
    }
}
