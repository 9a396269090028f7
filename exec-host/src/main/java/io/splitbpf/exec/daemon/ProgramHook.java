package io.splitbpf.exec.daemon;

import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.platform.ContextDescriptor;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.context.ContextLayout;
import io.splitbpf.exec.context.XdpContext;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/// How the host runs programs of one type: what it does to their instructions before the
/// engine sees them (context rewriting), and the per-slot state a run needs (the context and
/// packet regions of [HookSlot]).
///
/// ```
/// ProgramHook = Xdp                          xdp_md rewritten to the host layout; data in/out
///             | Skb(layout, layer2)          __sk_buff: packet pointers rewritten ([ContextLayout]);
///                                            socket filters (layer 3) and tc (layer 2)
///             | Record(descriptor)           tracepoint, kprobe, bpf_sock_addr: a structure at
///                                            Linux's offsets, no packet
/// ```
sealed interface ProgramHook {
    /// The hook for programs of `descriptor`'s type.
    ///
    /// @throws IllegalArgumentException for a type the host cannot run (admission refuses those)
    static ProgramHook of(ProgramTypeDescriptor descriptor) {
        return switch (descriptor.type()) {
            case XDP -> new Xdp();
            case SOCKET_FILTER -> new Skb(descriptor.name(), ContextLayout.of(descriptor.context()), false);
            case SCHED_CLS, SCHED_ACT -> new Skb(descriptor.name(), ContextLayout.of(descriptor.context()), true);
            case TRACEPOINT, KPROBE, CGROUP_SOCK_ADDR -> new Record(descriptor.name(), descriptor.context());
            default -> throw new IllegalArgumentException("no hook runs " + descriptor.type().bpftoolName() + " programs");
        };
    }

    /// `bound` (map references bound) as the engine must run it.
    InsnSeq prepare(InsnSeq bound);

    /// Allocates the regions of one execution slot in `memory`; each run of the slot may touch
    /// the regions `mapRegions` gives as it starts (the tenant's map values).
    HookSlot newSlot(TenantMemory memory, int slot, Supplier<List<Region>> mapRegions);

    /// Whether a run's input is a packet (`data_in`); else it is a context (`context_in`).
    boolean takesPackets();

    /// XDP: `struct xdp_md` loads are rewritten to the host layout ([XdpContext]).
    record Xdp() implements ProgramHook {
        @Override
        public InsnSeq prepare(InsnSeq bound) {
            return XdpContext.rewriter().rewrite(bound);
        }

        @Override
        public HookSlot newSlot(TenantMemory memory, int slot, Supplier<List<Region>> mapRegions) {
            return new XdpSlot(memory, new ExecContext(memory, slot).allowEachRun(mapRegions));
        }

        @Override
        public boolean takesPackets() {
            return true;
        }
    }

    /// Socket filters and tc programs: `struct __sk_buff` at Linux's offsets, its packet
    /// pointers rewritten to 64-bit copies behind it.
    ///
    /// @param typeName the program type's name, for messages
    /// @param layout the host layout of the type's `__sk_buff`
    /// @param layer2 whether the program sees the Ethernet header and may write the packet (tc)
    record Skb(String typeName, ContextLayout layout, boolean layer2) implements ProgramHook {
        @Override
        public InsnSeq prepare(InsnSeq bound) {
            return layout.rewriter().rewrite(bound);
        }

        @Override
        public HookSlot newSlot(TenantMemory memory, int slot, Supplier<List<Region>> mapRegions) {
            return new SkbSlot(typeName, layout, layer2, memory, new ExecContext(memory, slot).allowEachRun(mapRegions));
        }

        @Override
        public boolean takesPackets() {
            return true;
        }
    }

    /// Programs whose context is a structure without packet pointers, kept at Linux's offsets
    /// (nothing to rewrite): tracepoint and kprobe records, `bpf_sock_addr`.
    ///
    /// @param typeName the program type's name, for messages
    /// @param context the structure and what programs may write in it
    record Record(String typeName, ContextDescriptor context) implements ProgramHook {
        @Override
        public InsnSeq prepare(InsnSeq bound) {
            return bound;
        }

        @Override
        public HookSlot newSlot(TenantMemory memory, int slot, Supplier<List<Region>> mapRegions) {
            return new RecordSlot(typeName, context, memory, new ExecContext(memory, slot).allowEachRun(mapRegions));
        }

        @Override
        public boolean takesPackets() {
            return false;
        }
    }

    /// One execution slot of a program: its [ExecContext] and hook regions. Used by one run at
    /// a time.
    sealed interface HookSlot permits XdpSlot, SkbSlot, RecordSlot {
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
