package io.splitbpf.exec.daemon;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.admission.AdmissionException;
import io.splitbpf.exec.admission.Admitted;
import io.splitbpf.exec.admission.ArtifactAdmission;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.Engines;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/// The host's programs and maps, for every tenant: loading (admission, then [ProgramLoader]),
/// unloading, lookups scoped to a tenant, the audit log and the durable state.
///
/// Ids are host-wide counters like Linux's, but every lookup is by tenant: another tenant's id
/// is `NOT_FOUND`, exactly as an id never used, so its existence is not revealed.
public final class ProgramStore {
    /// How the store sizes what it creates.
    ///
    /// @param slots execution slots per program (and values per per-CPU map element)
    /// @param tenantMemoryBytes the size of each tenant's memory
    public record Settings(int slots, long tenantMemoryBytes) {
        public Settings {
            if (slots < 1 || slots > 1024) {
                throw new IllegalArgumentException("execution slots must be 1 to 1024, not " + slots);
            }
            if (tenantMemoryBytes < 1 << 20) {
                throw new IllegalArgumentException("tenant memory must be at least 1 MiB, not " + tenantMemoryBytes);
            }
        }
    }

    private final ArtifactAdmission admission;
    private final Settings settings;
    private final Clock clock;
    private final AuditLog audit;
    private final ProgramArchive archive;
    private final ProgramLoader loader;
    private final Path traceDir;
    private final long traceOrigin = System.nanoTime();
    private final Map<String, TenantSpace> tenants = new ConcurrentHashMap<>();
    private final Map<String, TraceFile> traces = new ConcurrentHashMap<>();
    private final Map<Integer, LoadedProgram> programs = new ConcurrentHashMap<>();
    private final Map<Integer, LoadedMap> maps = new ConcurrentHashMap<>();
    private final AtomicInteger nextProgramId = new AtomicInteger(1);
    private final AtomicInteger nextMapId = new AtomicInteger(1);

    /// A store keeping its files in the host folder `hostDir` (`audit.log`, `trace/`,
    /// `programs/`), admitting with `admission`.
    public ProgramStore(Path hostDir, ArtifactAdmission admission, Settings settings, Clock clock) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(hostDir.resolve("audit.log"), clock);
        this.archive = new ProgramArchive(hostDir.resolve("programs"));
        this.loader = new ProgramLoader(settings.slots());
        this.traceDir = hostDir.resolve("trace");
    }

    /// The settings.
    public Settings settings() {
        return settings;
    }

    /// Checks `artifact` for `caller` without loading it.
    public Admitted check(byte[] artifact, PeerIdentity caller) throws AdmissionException {
        return admission.admit(artifact, caller);
    }

    /// Admits and loads `artifact` for `caller`; the audit log gets one line either way.
    ///
    /// @param mode `jit`, or `interpreter` in a debug build
    /// @param pin a pin path for the program, unique among the tenant's
    /// @throws AdmissionException when admission refuses it, or the host cannot create or
    ///         compile what it needs (`UNSUPPORTED`)
    /// @throws ServiceError `BAD_REQUEST` for a bad mode or pin, `LIMIT_EXCEEDED` when the
    ///         tenant's memory is full, `INTERNAL` otherwise
    LoadedProgram load(byte[] artifact, String mode, Optional<String> pin, PeerIdentity caller)
            throws AdmissionException, ServiceError {
        ExecutionEngine engine = engine(mode);
        requireValidPin(pin);
        String digest = ArtifactAdmission.digestOf(artifact);
        String program = "";
        try {
            Admitted admitted = admission.admit(artifact, caller);
            program = admitted.name();
            return install(admitted, engine, pin, caller.name(), caller.serialHex(), Optional.empty());
        } catch (AdmissionException e) {
            refused(caller.name(), caller.serialHex(), e.programName().orElse(program), digest, e.reason().name(),
                    e.detail(), false);
            throw e;
        } catch (ServiceError e) {
            refused(caller.name(), caller.serialHex(), program, digest, e.getCode().name(), e.getMessage(), false);
            throw e;
        }
    }

    private LoadedProgram install(Admitted admitted, ExecutionEngine engine, Optional<String> pin, String tenantName,
                                  String callerSerial, Optional<ProgramArchive.Stored> stored)
            throws AdmissionException, ServiceError {
        TenantSpace tenant = tenant(tenantName);
        synchronized (tenant) {
            requireFreePin(tenantName, pin);
            ProgramLoader.Plan plan = stored.map(s -> new ProgramLoader.Plan(s.id(), s.mapIds(), engine, pin, s.loadedAt()))
                    .orElseGet(() -> new ProgramLoader.Plan(nextProgramId.getAndIncrement(),
                            admitted.program().maps().stream().map(m -> nextMapId.getAndIncrement()).toList(), engine,
                            pin, clock.instant()));
            LoadedProgram p = loader.load(admitted, tenant, plan);
            try {
                if (stored.isEmpty()) {
                    archive.save(p);
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("programId", p.id());
                fields.put("signer", admitted.signer());
                fields.put("mode", p.mode());
                if (stored.isPresent()) {
                    fields.put("restored", true);
                }
                audit.append("admit", tenantName, callerSerial, p.name(), admitted.digest(), fields);
            } catch (IOException | RuntimeException e) {
                discard(p, tenant);
                throw new ServiceError(ErrorCode.INTERNAL, "load program '" + p.name() + "': " + e.getMessage());
            }
            programs.put(p.id(), p);
            p.maps().forEach(m -> maps.put(m.id(), m));
            return p;
        }
    }

    private void discard(LoadedProgram p, TenantSpace tenant) {
        p.close();
        ProgramLoader.release(p, tenant);
        try {
            archive.delete(p.id());
        } catch (IOException ignored) {
            // a left-over entry is re-admitted (and checked) at the next start, nothing worse
        }
    }

    private void refused(String tenant, String serial, String program, String digest, String reason, String detail,
                         boolean restored) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        fields.put("detail", detail);
        if (restored) {
            fields.put("restored", true);
        }
        audit.append("refuse", tenant, serial, program, digest, fields);
    }

    /// Unloads program `id` of `caller`'s tenant once the runs and map operations under way end.
    ///
    /// @throws ServiceError `NOT_FOUND` when the tenant has no such program
    void unload(int id, PeerIdentity caller) throws ServiceError {
        LoadedProgram p = program(caller.name(), id);
        TenantSpace tenant = tenant(p.tenant());
        synchronized (tenant) {
            if (!programs.remove(id, p)) {
                throw notFound("program", id);
            }
            p.maps().forEach(m -> maps.remove(m.id()));
        }
        p.close();
        ProgramLoader.release(p, tenant);
        audit.append("unload", p.tenant(), caller.serialHex(), p.name(), p.admitted().digest(), Map.of("programId", id));
        try {
            archive.delete(id);
        } catch (IOException e) {
            throw new ServiceError(ErrorCode.INTERNAL, "program " + id + " is unloaded, but its stored artifact stays: "
                    + e.getMessage() + "; it would be loaded again at the next start");
        }
    }

    /// The tenant's programs, by id.
    List<LoadedProgram> programs(String tenant) {
        return programs.values().stream().filter(p -> p.tenant().equals(tenant))
                .sorted(Comparator.comparingInt(LoadedProgram::id)).toList();
    }

    /// The tenant's program `id`.
    ///
    /// @throws ServiceError `NOT_FOUND` when the tenant has none with that id
    LoadedProgram program(String tenant, int id) throws ServiceError {
        LoadedProgram p = programs.get(id);
        if (p == null || !p.tenant().equals(tenant)) {
            throw notFound("program", id);
        }
        return p;
    }

    /// The tenant's maps, by id.
    List<LoadedMap> maps(String tenant) {
        return maps.values().stream().filter(m -> m.tenant().equals(tenant))
                .sorted(Comparator.comparingInt(LoadedMap::id)).toList();
    }

    /// The tenant's map `id`.
    ///
    /// @throws ServiceError `NOT_FOUND` when the tenant has none with that id
    LoadedMap map(String tenant, int id) throws ServiceError {
        LoadedMap m = maps.get(id);
        if (m == null || !m.tenant().equals(tenant)) {
            throw notFound("map", id);
        }
        return m;
    }

    /// The program owning `map` (a map lives as long as its program).
    LoadedProgram owner(LoadedMap map) throws ServiceError {
        return program(map.tenant(), map.programId());
    }

    /// The tenant's trace log.
    TraceFile trace(String tenant) {
        return traces.computeIfAbsent(tenant,
                t -> new TraceFile(traceDir.resolve(TenantSpace.fileName(t) + ".log"), traceOrigin));
    }

    /// The memory of tenant `name` (created on first use).
    TenantMemory tenantMemory(String name) {
        return tenant(name).memory();
    }

    private TenantSpace tenant(String name) {
        return tenants.computeIfAbsent(name,
                n -> new TenantSpace(n, TenantMemory.allocate(n, settings.tenantMemoryBytes()), trace(n)));
    }

    /// Loads again the programs stored by an earlier run, re-admitting each; returns a line
    /// per program (restored, or refused and moved aside) for the start-up output.
    public List<String> restore() throws IOException {
        List<String> lines = new ArrayList<>();
        List<ProgramArchive.Stored> stored = archive.list(lines);
        for (ProgramArchive.Stored s : stored) {
            nextProgramId.accumulateAndGet(s.id() + 1, Math::max);
            s.mapIds().forEach(id -> nextMapId.accumulateAndGet(id + 1, Math::max));
        }
        for (ProgramArchive.Stored s : stored) {
            lines.add(restore(s));
        }
        return lines;
    }

    private String restore(ProgramArchive.Stored s) throws IOException {
        String digest = ArtifactAdmission.digestOf(s.artifact());
        String reason;
        String detail;
        String name = "";
        try {
            Admitted admitted = admission.admit(s.artifact(), s.tenant());
            name = admitted.name();
            LoadedProgram p = install(admitted, engine(s.mode()), s.pin(), s.tenant(), "", Optional.of(s));
            return "restored program " + p.id() + " '" + p.name() + "' of tenant '" + p.tenant() + "' (" + p.mode() + ")";
        } catch (AdmissionException e) {
            name = e.programName().orElse(name);
            reason = e.reason().name();
            detail = e.detail();
        } catch (ServiceError e) {
            reason = e.getCode().name();
            detail = e.getMessage();
        }
        refused(s.tenant(), "", name, digest, reason, detail, true);
        archive.refuse(s.id(), reason + ": " + detail);
        return "refused stored program " + s.id() + " of tenant '" + s.tenant() + "': " + reason + ": " + detail;
    }

    /// The engine for `mode`.
    ///
    /// @throws ServiceError `BAD_REQUEST` for an unknown mode, or the interpreter in a release build
    static ExecutionEngine engine(String mode) throws ServiceError {
        if (!mode.equals("jit") && !mode.equals("interpreter")) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, "unknown mode '" + mode
                    + "': use jit, or interpreter in a debug build");
        }
        try {
            return Engines.byName(mode);
        } catch (NotSupportedException e) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private static void requireValidPin(Optional<String> pin) throws ServiceError {
        if (pin.isPresent() && (pin.get().isEmpty() || pin.get().length() > 4096
                || pin.get().chars().anyMatch(c -> c < 0x20))) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, "pin path '" + pin.get()
                    + "' must be 1 to 4096 characters without control characters");
        }
    }

    private void requireFreePin(String tenant, Optional<String> pin) throws ServiceError {
        if (pin.isEmpty()) {
            return;
        }
        for (LoadedProgram p : programs(tenant)) {
            if (p.pin().equals(pin)) {
                throw new ServiceError(ErrorCode.BAD_REQUEST, "pin path '" + pin.get() + "' is taken by program "
                        + p.id() + " (EEXIST)");
            }
        }
    }

    private static ServiceError notFound(String what, int id) {
        return new ServiceError(ErrorCode.NOT_FOUND, "no " + what + " with id " + id);
    }
}
