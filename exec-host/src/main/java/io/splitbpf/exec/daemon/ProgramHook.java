package io.splitbpf.exec.daemon;

import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.context.XdpContext;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.util.List;
import java.util.Optional;

/// How the host runs programs of one type: what it does to their instructions before the
/// engine sees them (context rewriting), and the per-slot state a run needs (the context and
/// packet regions of [HookSlot]).
///
/// ```
/// ProgramHook = Xdp                      xdp_md rewritten to the host layout; data in/out
///             | Record(context size)     tracepoint, kprobe: the context is a raw record
/// ```
sealed interface ProgramHook {
    /// The hook for programs of `descriptor`'s type.
    ///
    /// @throws IllegalArgumentException for a type the host cannot run (admission refuses those)
    static ProgramHook of(ProgramTypeDescriptor descriptor) {
        return switch (descriptor.type()) {
            case XDP -> new Xdp();
            case TRACEPOINT, KPROBE -> new Record(descriptor.name(), descriptor.context().size());
            default -> throw new IllegalArgumentException("no hook runs " + descriptor.type().bpftoolName() + " programs");
        };
    }

    /// `bound` (map references bound) as the engine must run it.
    InsnSeq prepare(InsnSeq bound);

    /// Allocates the regions of one execution slot in `memory`; the slot's context may touch
    /// `mapRegions` in every run.
    HookSlot newSlot(TenantMemory memory, int slot, List<Region> mapRegions);

    /// XDP: `struct xdp_md` loads are rewritten to the host layout ([XdpContext]).
    record Xdp() implements ProgramHook {
        @Override
        public InsnSeq prepare(InsnSeq bound) {
            return XdpContext.rewriter().rewrite(bound);
        }

        @Override
        public HookSlot newSlot(TenantMemory memory, int slot, List<Region> mapRegions) {
            return new XdpSlot(memory, new ExecContext(memory, slot).allowPermanently(mapRegions));
        }
    }

    /// Tracepoint and kprobe programs: the context is a read-only record of `size` bytes.
    ///
    /// @param typeName the program type's name, for messages
    /// @param size the record's size
    record Record(String typeName, int size) implements ProgramHook {
        @Override
        public InsnSeq prepare(InsnSeq bound) {
            return bound;
        }

        @Override
        public HookSlot newSlot(TenantMemory memory, int slot, List<Region> mapRegions) {
            return new RecordSlot(typeName, memory, new ExecContext(memory, slot).allowPermanently(mapRegions), size);
        }
    }

    /// One execution slot of a program: its [ExecContext] and hook regions. Used by one run at
    /// a time.
    sealed interface HookSlot permits XdpSlot, RecordSlot {
        /// Sets the input of the runs that follow, as `BPF_PROG_TEST_RUN` takes it.
        ///
        /// @throws ServiceError `BAD_REQUEST` naming what does not fit the hook
        void input(byte[] dataIn, Optional<byte[]> contextIn) throws ServiceError;

        /// Runs `code` once over the input; returns r0.
        long runOnce(ExecutionEngine.LoadedCode code);

        /// The packet as the last run left it (empty for hooks without packets).
        byte[] dataOut();

        /// The context as the last run left it, when the input had one.
        Optional<byte[]> contextOut();

        /// The slot's execution context.
        ExecContext context();
    }
}
