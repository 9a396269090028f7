package io.splitbpf.exec.daemon;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.spec.MapSlot;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.admission.AdmissionException;
import io.splitbpf.exec.admission.Admitted;
import io.splitbpf.exec.helpers.LinuxHelpers;
import io.splitbpf.exec.helpers.TraceLog;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapBinder;
import io.splitbpf.exec.maps.MapException;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.maps.ProgArrayMap;
import io.splitbpf.exec.maps.TailCallTarget;
import io.splitbpf.exec.memory.MemoryFullException;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// Turns an admitted artifact into a [LoadedProgram] in its tenant's memory: creates its maps
/// from the signed definitions (global data initialised), binds the instructions to them,
/// prepares them for the hook, compiles them with the engine, fills the prog_array slots that
/// name the program itself, and allocates its execution slots.
///
/// Nothing is half-loaded: when any step fails, every region allocated for the program is
/// released before the error reaches the caller.
final class ProgramLoader {
    private final int slots;

    /// A loader giving every program `slots` execution slots (and per-slot maps as many values).
    ProgramLoader(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException(slots + " execution slots");
        }
        this.slots = slots;
    }

    /// What a load needs besides the artifact.
    ///
    /// @param programId the id the program gets
    /// @param mapIds the ids its maps get, one per map of the artifact
    /// @param engine the engine to run it
    /// @param pin its pin path, if any
    /// @param loadedAt when it is loaded
    record Plan(int programId, List<Integer> mapIds, ExecutionEngine engine, Optional<String> pin, Instant loadedAt) {
        Plan {
            mapIds = List.copyOf(mapIds);
        }
    }

    /// Loads `admitted` into `tenant` as `plan` says.
    ///
    /// @throws AdmissionException `UNSUPPORTED` when a map definition cannot be created or the
    ///         engine cannot load the program on this host
    /// @throws ServiceError `LIMIT_EXCEEDED` when the tenant's memory is full, `INTERNAL` otherwise
    LoadedProgram load(Admitted admitted, TenantSpace tenant, Plan plan) throws AdmissionException, ServiceError {
        if (plan.mapIds().size() != admitted.program().maps().size()) {
            throw new IllegalArgumentException(plan.mapIds().size() + " map ids for " + admitted.program().maps().size()
                    + " maps");
        }
        synchronized (tenant) {
            Set<Region> before = new HashSet<>(tenant.memory().regions());
            TraceLog trace = new TraceLog(64);
            AutoCloseable follower = trace.follow(line ->
                    tenant.trace().append(admitted.name(), plan.programId(), line.slot(), line.text()));
            try {
                return build(admitted, tenant, plan, trace, follower, before);
            } catch (RuntimeException e) {
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

    private LoadedProgram build(Admitted admitted, TenantSpace tenant, Plan plan, TraceLog trace, AutoCloseable follower,
                                Set<Region> before) {
        MapRegistry registry = new MapRegistry(tenant.memory(), slots);
        List<BpfMap> maps = registry.createAll(admitted.program().maps());
        ProgramHook hook = ProgramHook.of(admitted.descriptor());
        InsnSeq code = hook.prepare(MapBinder.bind(admitted.program().program().insns(), maps, registry));
        ExecutionEngine.LoadedCode loaded = plan.engine().load(code, LinuxHelpers.table(registry, trace));
        fillOwnSlots(maps, new TailCallTarget(plan.programId(), admitted.name(), loaded));
        List<ProgramHook.HookSlot> hookSlots = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            hookSlots.add(hook.newSlot(tenant.memory(), slot, registry.programRegions()));
        }
        List<LoadedMap> loadedMaps = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            loadedMaps.add(new LoadedMap(plan.mapIds().get(i), tenant.name(), maps.get(i), plan.programId()));
        }
        List<Region> owned = tenant.memory().regions().stream().filter(r -> !before.contains(r)).toList();
        return new LoadedProgram(plan.programId(), tenant.name(), admitted, plan.engine().name(), plan.loadedAt(), loaded,
                hook, loadedMaps, new SlotPool(hookSlots), owned, plan.pin(), follower);
    }

    /// Fills the prog_array slots whose `.values` name the program itself (admission refused
    /// artifacts naming any other program).
    private static void fillOwnSlots(List<BpfMap> maps, TailCallTarget self) {
        for (BpfMap map : maps) {
            if (map instanceof ProgArrayMap progs) {
                for (MapSlot slot : map.spec().initialSlots()) {
                    progs.put(slot.slot(), self);
                }
            }
        }
    }

    /// Releases the regions of an unloaded program (whose uses have all ended).
    static void release(LoadedProgram program, TenantSpace tenant) {
        synchronized (tenant) {
            for (Region r : program.regions()) {
                tenant.memory().release(r);
            }
        }
    }

    /// Throws the error a caller gets for `e`; returns nothing (the `throw` at the call site
    /// tells the compiler so).
    private static RuntimeException fail(String name, RuntimeException e) throws AdmissionException, ServiceError {
        String what = "load program '" + name + "': ";
        switch (e) {
            case MemoryFullException full -> throw new ServiceError(ErrorCode.LIMIT_EXCEEDED, what + full.getMessage());
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
