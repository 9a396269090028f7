package io.splitbpf.exec.daemon;

import io.splitbpf.core.rpc.PeerIdentity;
import io.splitbpf.core.thrift.AdmissionRefused;
import io.splitbpf.core.thrift.AdmissionVerdict;
import io.splitbpf.core.thrift.BatchRunResponse;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.HostService;
import io.splitbpf.core.thrift.LoadRequest;
import io.splitbpf.core.thrift.LoadResponse;
import io.splitbpf.core.thrift.MapEntry;
import io.splitbpf.core.thrift.MapInfo;
import io.splitbpf.core.thrift.ProgramInfo;
import io.splitbpf.core.thrift.Refusal;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.core.thrift.ServiceStatus;
import io.splitbpf.core.thrift.TestRunRequest;
import io.splitbpf.core.thrift.TestRunResponse;
import io.splitbpf.core.thrift.TraceChunk;
import io.splitbpf.exec.admission.AdmissionException;
import io.splitbpf.exec.admission.Admitted;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// The host service for one connection: every operation acts for the caller's tenant (its
/// certificate's common name; the administrator is tenant `admin`) and sees only that
/// tenant's programs, maps and trace log. Another tenant's id is `NOT_FOUND`.
///
/// A fault inside an operation becomes `ServiceError(INTERNAL)` and the service keeps serving.
public final class HostHandler implements HostService.Iface {
    private final PeerIdentity caller;
    private final ProgramStore store;
    private final TestRunner runner;
    private final HostStatus status;

    /// A handler for `caller`'s connection.
    HostHandler(PeerIdentity caller, ProgramStore store, TestRunner runner, HostStatus status) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.store = Objects.requireNonNull(store, "store");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.status = Objects.requireNonNull(status, "status");
    }

    private String tenant() {
        return caller.name();
    }

    @Override
    public ServiceStatus status() {
        return status.of(caller);
    }

    @Override
    public AdmissionVerdict checkArtifact(ByteBuffer artifact) throws ServiceError {
        return serve(() -> {
            AdmissionVerdict verdict = new AdmissionVerdict();
            try {
                Admitted a = store.check(bytes(artifact), caller);
                verdict.setAdmissible(true);
                verdict.setDetail("program '" + a.name() + "' signed by " + a.signer() + " (serial " + a.signerSerial()
                        + ")");
            } catch (AdmissionException e) {
                verdict.setAdmissible(false);
                verdict.setReason(Refusal.valueOf(e.reason().name()));
                verdict.setDetail(e.detail());
            }
            return verdict;
        });
    }

    @Override
    public LoadResponse load(LoadRequest request) throws AdmissionRefused, ServiceError {
        try (HostStatus.Request _ = status.begin()) {
            LoadedProgram p = store.load(request.getArtifact(), request.getMode(),
                    Optional.ofNullable(request.getPinPath()), caller);
            return new LoadResponse(p.id(), p.maps().stream().map(LoadedMap::id).toList());
        } catch (AdmissionException e) {
            throw new AdmissionRefused(Refusal.valueOf(e.reason().name()), e.detail());
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    @Override
    public List<ProgramInfo> listPrograms() {
        return store.programs(tenant()).stream().map(LoadedProgram::info).toList();
    }

    @Override
    public ProgramInfo getProgram(int id) throws ServiceError {
        return serve(() -> store.program(tenant(), id).info());
    }

    @Override
    public ByteBuffer getArtifact(int id) throws ServiceError {
        return serve(() -> ByteBuffer.wrap(store.program(tenant(), id).admitted().artifact()));
    }

    @Override
    public void unload(int id) throws ServiceError {
        serve(() -> {
            store.unload(id, caller);
            return null;
        });
    }

    @Override
    public TestRunResponse testRun(TestRunRequest request) throws ServiceError {
        return serve(() -> runner.testRun(store.program(tenant(), request.getProgramId()), request));
    }

    @Override
    public BatchRunResponse runBatch(int programId, List<ByteBuffer> packets) throws ServiceError {
        return serve(() -> runner.runBatch(store.program(tenant(), programId), packets.stream().map(HostHandler::bytes)
                .toList()));
    }

    @Override
    public List<MapInfo> listMaps() {
        return store.maps(tenant()).stream().map(LoadedMap::info).toList();
    }

    @Override
    public MapInfo getMap(int id) throws ServiceError {
        return serve(() -> store.map(tenant(), id).info());
    }

    @Override
    public List<MapEntry> dumpMap(int id) throws ServiceError {
        return onMap(id, m -> MapOperations.dump(m.map()));
    }

    @Override
    public MapEntry lookup(int mapId, ByteBuffer key) throws ServiceError {
        return onMap(mapId, m -> MapOperations.lookup(m.map(), bytes(key)));
    }

    @Override
    public void update(int mapId, ByteBuffer key, List<ByteBuffer> values, long flags) throws ServiceError {
        onMap(mapId, m -> {
            MapOperations.update(m.map(), bytes(key), values.stream().map(HostHandler::bytes).toList(), flags);
            return null;
        });
    }

    @Override
    public void remove(int mapId, ByteBuffer key) throws ServiceError {
        onMap(mapId, m -> {
            MapOperations.remove(m.map(), bytes(key));
            return null;
        });
    }

    @Override
    public ByteBuffer nextKey(int mapId, ByteBuffer key) throws ServiceError {
        return onMap(mapId, m -> ByteBuffer.wrap(MapOperations.nextKey(m.map(), bytes(key))));
    }

    @Override
    public TraceChunk traceLog(long offset, int maxLines) throws ServiceError {
        return serve(() -> {
            TraceFile.TraceChunk chunk = store.trace(tenant()).read(offset, maxLines);
            return new TraceChunk(chunk.nextOffset(), chunk.lines());
        });
    }

    private interface Call<T> {
        T call() throws ServiceError;
    }

    private interface MapCall<T> {
        T call(LoadedMap map) throws ServiceError;
    }

    /// Runs `op` on the caller's map `id` while its program stays loaded.
    private <T> T onMap(int id, MapCall<T> op) throws ServiceError {
        return serve(() -> {
            LoadedMap map = store.map(tenant(), id);
            try (LoadedProgram.Use _ = store.owner(map).enter()) {
                return op.call(map);
            }
        });
    }

    private <T> T serve(Call<T> op) throws ServiceError {
        try (HostStatus.Request _ = status.begin()) {
            return op.call();
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    private static ServiceError internal(RuntimeException e) {
        return new ServiceError(ErrorCode.INTERNAL, "the host failed: " + e);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
