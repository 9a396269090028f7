package io.splitbpf.exec.daemon;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.admission.AdmissionException;
import io.splitbpf.exec.admission.Admitted;
import io.splitbpf.exec.helpers.LinuxHelpers;
import io.splitbpf.exec.helpers.TraceLog;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapException;
import io.splitbpf.exec.memory.MemoryFullException;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// Turns an admitted artifact into a [LoadedProgram] of a group in its tenant's memory: resolves
/// its maps against the group, creating what the group lacks from the signed definitions
/// ([LoadMaps]), binds the instructions to them, prepares them for the hook, compiles them with
/// the engine, and allocates its execution slots. Joining the group (and so filling prog_array
/// slots) is the store's last step, once nothing can fail any more.
///
/// Nothing is half-loaded: when any step fails, the maps the load created are unregistered and
/// every region allocated for it is released before the error reaches the caller.
final class ProgramLoader {
    private final int slots;

    /// A loader giving every program `slots` execution slots (and per-slot maps as many values).
    ProgramLoader(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException(slots + " execution slots");
        }
        this.slots = slots;
    }

    /// Where the ids of the maps a load creates come from: new ids, or at a restart the ids the
    /// maps had.
    interface MapIds {
        /// The id of the artifact's map `index`, which this load creates.
        int artifactMap(int index);

        /// The id of the inner map `name`, which this load makes from a template.
        int innerMap(String name);
    }

    /// What a load needs besides the artifact and the group.
    ///
    /// @param programId the id the program gets
    /// @param mapIds the ids of the maps it creates
    /// @param engine the engine to run it
    /// @param pin its pin path, if any
    /// @param loadedAt when it is loaded
    record Plan(int programId, MapIds mapIds, ExecutionEngine engine, Optional<String> pin, Instant loadedAt) {}

    /// The program does not fit its group: a map defined otherwise than the group's map of the
    /// same name, an inner map that does not match its template. The caller gets `BAD_REQUEST`.
    static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }

    /// Loads `admitted` into `tenant` as a member of `group`, as `plan` says.
    ///
    /// @throws AdmissionException `UNSUPPORTED` when a map definition cannot be created or the
    ///         engine cannot load the program on this host
    /// @throws ServiceError `BAD_REQUEST` when it does not fit its group, `LIMIT_EXCEEDED` when
    ///         the tenant's memory is full, `INTERNAL` otherwise
    LoadedProgram load(Admitted admitted, TenantSpace tenant, ProgramGroup group, Plan plan)
            throws AdmissionException, ServiceError {
        synchronized (tenant) {
            Set<Region> before = new HashSet<>(tenant.memory().regions());
            TraceLog trace = new TraceLog(64);
            AutoCloseable follower = trace.follow(line ->
                    tenant.trace().append(admitted.name(), plan.programId(), line.slot(), line.text()));
            LoadMaps maps = new LoadMaps(tenant, group, plan.mapIds());
            try {
                return build(admitted, tenant, group, plan, maps, trace, follower);
            } catch (RuntimeException e) {
                maps.discard();
                for (Region r : tenant.memory().regions()) {
                    if (!before.contains(r)) {
                        tenant.memory().release(r);
                    }
                }
                closeQuietly(follower);
                throw fail(admitted.name(), e);
            }
        }
    }

    private LoadedProgram build(Admitted admitted, TenantSpace tenant, ProgramGroup group, Plan plan, LoadMaps loadMaps,
                                TraceLog trace, AutoCloseable follower) {
        List<LoadedMap> maps = loadMaps.resolve(admitted.program().maps());
        Set<Region> mapRegions = new HashSet<>(tenant.memory().regions());
        ProgramHook hook = ProgramHook.of(admitted.descriptor());
        InsnSeq code = hook.prepare(MapBinder.bind(admitted.program().program().insns(),
                maps.stream().map(LoadedMap::map).toList(), tenant.registry()));
        ExecutionEngine.LoadedCode loaded = plan.engine().load(code, LinuxHelpers.table(tenant.registry(), trace),
                tenant.memory());
        List<ProgramHook.HookSlot> hookSlots = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            hookSlots.add(hook.newSlot(tenant.memory(), slot, tenant.registry()::programRegions));
        }
        List<Region> owned = tenant.memory().regions().stream().filter(r -> !mapRegions.contains(r)).toList();
        LoadedProgram.Parts parts = new LoadedProgram.Parts(loaded, hook, maps, loadMaps.created(),
                new SlotPool(hookSlots), owned);
        return new LoadedProgram(plan.programId(), tenant, group, admitted, plan.engine().name(), plan.loadedAt(), parts,
                plan.pin(), follower);
    }

    /// Throws the error a caller gets for `e`; returns nothing (the `throw` at the call site
    /// tells the compiler so).
    private static RuntimeException fail(String name, RuntimeException e) throws AdmissionException, ServiceError {
        String what = "load program '" + name + "': ";
        switch (e) {
            case MemoryFullException full -> throw new ServiceError(ErrorCode.LIMIT_EXCEEDED, what + full.getMessage());
            case Conflict conflict -> throw new ServiceError(ErrorCode.BAD_REQUEST, what + conflict.getMessage());
            case MapException _, NotSupportedException _, BpfFormatException _ ->
                    throw new AdmissionException(AdmissionException.Reason.UNSUPPORTED, what + e.getMessage(), name);
            default -> throw new ServiceError(ErrorCode.INTERNAL, what + e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the follower's close only removes it from a list
        }
    }
}
