package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.CurrentTask;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.util.Optional;

/// An execution slot for tracepoint and kprobe programs, whose context is a raw record. Linux
/// cannot test-run these types; here a test run is an injected event: `context_in` is the
/// record (zero-padded to the type's size), there is no packet, and the task the run is for is
/// the daemon itself, as `current` is the caller of `bpf(2)` on Linux.
final class RecordSlot implements ProgramHook.HookSlot {
    private static final CurrentTask DAEMON = new CurrentTask((int) ProcessHandle.current().pid(),
            (int) ProcessHandle.current().pid(), "ebpf-hostd");

    private final String typeName;
    private final TenantMemory memory;
    private final ExecContext context;
    private final Region record;
    private int given = -1;

    RecordSlot(String typeName, TenantMemory memory, ExecContext context, int size) {
        this.typeName = typeName;
        this.memory = memory;
        this.context = context;
        this.record = memory.allocate(typeName + " record", size, 8, false);
    }

    @Override
    public ExecContext context() {
        return context;
    }

    @Override
    public void input(byte[] dataIn, Optional<byte[]> contextIn) throws ServiceError {
        if (dataIn.length > 0) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, typeName + " programs take no data_in; give the "
                    + typeName + " record as context_in (EINVAL)");
        }
        byte[] in = contextIn.orElse(new byte[0]);
        if (in.length > record.size()) {
            throw new ServiceError(ErrorCode.BAD_REQUEST, "context_in is " + in.length + " bytes; a " + typeName
                    + " record has at most " + record.size() + " (EINVAL)");
        }
        memory.clear(record.address(), record.size());
        memory.write(record.address(), in);
        given = contextIn.isPresent() ? in.length : -1;
    }

    @Override
    public long runOnce(ExecutionEngine.LoadedCode code) {
        return code.run(context.reset().allow(record).task(DAEMON), record.address());
    }

    @Override
    public byte[] dataOut() {
        return new byte[0];
    }

    @Override
    public Optional<byte[]> contextOut() {
        return given < 0 ? Optional.empty() : Optional.of(memory.read(record.address(), given));
    }
}
