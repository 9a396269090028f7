package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ProgramInfo;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.admission.Admitted;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;

/// A program the host admitted and loaded: its artifact, its code for one engine, its maps and
/// execution slots, the tenant memory regions it owns, and its run statistics.
///
/// Runs and map operations [#enter] it (a read lock); unloading [#close]s it (the write lock,
/// which waits for them), after which every use is `NOT_FOUND` and its regions can be released.
final class LoadedProgram {
    /// Linux's `license_is_gpl_compatible`.
    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights",
            "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    private final int id;
    private final String tenant;
    private final Admitted admitted;
    private final String mode;
    private final Instant loadedAt;
    private final ExecutionEngine.LoadedCode code;
    private final ProgramHook hook;
    private final List<LoadedMap> maps;
    private final SlotPool slots;
    private final List<Region> regions;
    private final Optional<String> pin;
    private final AutoCloseable traceFollower;
    private final LongAdder runCount = new LongAdder();
    private final LongAdder runTimeNs = new LongAdder();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /// A loaded program; see the accessors for the parameters.
    LoadedProgram(int id, String tenant, Admitted admitted, String mode, Instant loadedAt, ExecutionEngine.LoadedCode code,
                  ProgramHook hook, List<LoadedMap> maps, SlotPool slots, List<Region> regions, Optional<String> pin,
                  AutoCloseable traceFollower) {
        this.id = id;
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.admitted = Objects.requireNonNull(admitted, "admitted");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
        this.code = Objects.requireNonNull(code, "code");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.maps = List.copyOf(maps);
        this.slots = Objects.requireNonNull(slots, "slots");
        this.regions = List.copyOf(regions);
        this.pin = Objects.requireNonNull(pin, "pin");
        this.traceFollower = Objects.requireNonNull(traceFollower, "traceFollower");
    }

    int id() {
        return id;
    }

    String tenant() {
        return tenant;
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

    SlotPool slots() {
        return slots;
    }

    /// The tenant memory regions it owns (maps, stacks, contexts, frame buffers).
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

    /// A use of the program (a run, a map operation): it stays loaded until the use is closed.
    ///
    /// @throws ServiceError `NOT_FOUND` when it was unloaded meanwhile
    Use enter() throws ServiceError {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new ServiceError(ErrorCode.NOT_FOUND, "program " + id + " was unloaded");
        }
        return () -> lifecycle.readLock().unlock();
    }

    /// Marks it unloaded once every use under way has ended; stops following its trace.
    void close() {
        lifecycle.writeLock().lock();
        try {
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        try {
            traceFollower.close();
        } catch (Exception e) {
            throw new IllegalStateException("stop following the trace of program " + id, e);
        }
    }

    /// A use under way; closing it ends the use.
    interface Use extends AutoCloseable {
        @Override
        void close();
    }

    /// What `prog show` prints.
    ProgramInfo info() {
        byte[] insns = admitted.content().getInstructions();
        ProgramInfo info = new ProgramInfo(id, admitted.program().program().type().bpftoolName(), name(), tag(insns),
                tenant, mode, loadedAt.toEpochMilli(), insns.length, code.codeSize(),
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
        return "program " + id + " '" + name() + "' of tenant '" + tenant + "'";
    }
}
