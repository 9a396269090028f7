package io.splitbpf.exec.daemon;

import io.splitbpf.core.platform.ContextDescriptor;
import io.splitbpf.core.platform.ContextField;
import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.CurrentTask;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.util.Optional;

/// An execution slot for programs whose context is a plain structure, kept at Linux's offsets:
/// tracepoint and kprobe records (read-only), and `bpf_sock_addr` for `cgroup/connect4` and the
/// other socket-address hooks (user address and port writable). Linux cannot test-run these
/// types; here a test run is an injected event: `context_in` is the structure (zero-padded to
/// the type's size), there is no packet, and the task the run is for is the daemon itself, as
/// `current` is the caller of `bpf(2)` on Linux.
///
/// The pointers the host does not model (`bpf_sock_addr.sk`) must be 0 in `context_in`. The
/// context that comes out is `context_in` with the fields the program may write (the type's
/// [ContextDescriptor]) as the run left them: a verdict hook's caller sees the address the
/// program rewrote, and nothing else it could not have written.
final class RecordSlot implements ProgramHook.HookSlot {
    private static final CurrentTask DAEMON = new CurrentTask((int) ProcessHandle.current().pid(),
            (int) ProcessHandle.current().pid(), "ebpf-hostd");

    private final String typeName;
    private final ContextDescriptor descriptor;
    private final TenantMemory memory;
    private final ExecContext context;
    private final Region record;
    private byte[] given;

    RecordSlot(String typeName, ContextDescriptor descriptor, TenantMemory memory, ExecContext context) {
        this.typeName = typeName;
        this.descriptor = descriptor;
        this.memory = memory;
        this.context = context;
        this.record = memory.allocate(what(), descriptor.size(), 8, !descriptor.writable().isEmpty());
    }

    /// The context in words: `tracepoint record`, `pt_regs`, `bpf_sock_addr`.
    private String what() {
        return descriptor.name().equals(typeName) ? typeName + " record" : descriptor.name();
    }

    @Override
    public ExecContext context() {
        return context;
    }

    @Override
    public void input(byte[] dataIn, Optional<byte[]> contextIn) throws ServiceError {
        if (dataIn.length > 0) {
            throw bad(typeName + " programs take no data_in; give the " + what() + " as context_in (EINVAL)");
        }
        byte[] in = contextIn.orElse(new byte[0]);
        if (in.length > record.size()) {
            throw bad("context_in is " + in.length + " bytes; a " + what() + " of " + typeName + " programs has at most "
                    + record.size() + " (EINVAL)");
        }
        for (ContextField f : descriptor.opaque()) {
            for (int i = f.offset(); i < Math.min(f.end(), in.length); i++) {
                if (in[i] != 0) {
                    throw bad("context_in: " + descriptor.name() + "." + f.name() + " must be 0; the host has no "
                            + f.name() + " to point to (EINVAL)");
                }
            }
        }
        memory.clear(record.address(), record.size());
        memory.write(record.address(), in);
        given = contextIn.isPresent() ? in : null;
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
        if (given == null) {
            return Optional.empty();
        }
        byte[] out = given.clone();
        byte[] after = memory.read(record.address(), (int) record.size());
        for (ContextField f : descriptor.writable()) {
            int end = Math.min(f.end(), out.length);
            if (f.offset() < end) {
                System.arraycopy(after, f.offset(), out, f.offset(), end - f.offset());
            }
        }
        return Optional.of(out);
    }

    private static ServiceError bad(String message) {
        return new ServiceError(ErrorCode.BAD_REQUEST, message);
    }
}
