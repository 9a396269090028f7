package io.splitbpf.exec.jit;

import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.AluOps;
import io.splitbpf.exec.runtime.AtomicOps;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionException;
import io.splitbpf.exec.runtime.HelperFunction;
import io.splitbpf.exec.runtime.HelperTable;
import java.lang.foreign.MemorySegment;

/// The out-of-line parts of compiled programs: error construction, atomics, legacy packet
/// loads and `callx`. Compiled code calls these with `invokestatic`; the JVM inlines the hot
/// ones. Public because hidden classes link against it.
public final class JitRuntime {
    private JitRuntime() {}

    /// Thrown by [#packetLoad] when the load is out of the packet: Linux then ends the program
    /// with r0 = 0. Preallocated and without a stack trace; the entry method catches it.
    public static final class PacketAbort extends RuntimeException {
        static final PacketAbort INSTANCE = new PacketAbort();

        private PacketAbort() {
            super("legacy packet load out of bounds", null, false, false);
        }
    }

    /// The error for a load or store that the segment refused.
    public static ExecutionException memoryFault(RuntimeException cause, int pc, long address, int size, boolean write) {
        return new ExecutionException(pc, (write ? "store" : "load") + " of " + size + " bytes at 0x"
                + Long.toHexString(address) + " is outside the tenant's memory", cause);
    }

    /// The error for a helper that refused its arguments.
    public static ExecutionException helperFault(RuntimeException cause, int pc, String helper) {
        return new ExecutionException(pc, helper + ": " + cause.getMessage(), cause);
    }

    /// The error for a program bound to one tenant's memory that is run with another's.
    public static IllegalStateException otherMemory() {
        return new IllegalStateException("the program is compiled for another tenant's memory");
    }

    /// The error for a bpf-to-bpf call chain that is too deep.
    public static ExecutionException tooDeep(int pc) {
        return new ExecutionException(pc, "call stack deeper than " + ExecContext.MAX_FRAMES + " frames");
    }

    /// `callx`: calls the helper whose id is in a register.
    public static long callx(HelperTable helpers, ExecContext ctx, long id, long r1, long r2, long r3, long r4, long r5,
            int pc) {
        if (id != (int) id || helpers.lookup((int) id).isEmpty()) {
            throw new ExecutionException(pc, "callx of unknown helper " + id);
        }
        HelperFunction fn = helpers.lookup((int) id).get();
        try {
            return fn.call(ctx, r1, r2, r3, r4, r5);
        } catch (MemoryFault | IllegalArgumentException e) {
            throw helperFault(e, pc, helpers.name((int) id));
        }
    }

    /// A legacy packet load (`ld_abs`/`ld_ind`) of `size` bytes at `offset` into the packet,
    /// converted from network byte order.
    public static long packetLoad(ExecContext ctx, MemorySegment mem, long offset, int size, int pc) {
        Region pkt = ctx.packet();
        if (pkt == null) {
            throw new ExecutionException(pc, "legacy packet load without a packet");
        }
        if (offset < 0 || offset > pkt.size() - size) {
            throw PacketAbort.INSTANCE;
        }
        long off = pkt.address() - TenantMemory.BASE + offset;
        return switch (size) {
            case 1 -> mem.get(TenantMemory.U8, off) & 0xffL;
            case 2 -> AluOps.swap(mem.get(TenantMemory.U16, off), 16);
            default -> AluOps.swap(mem.get(TenantMemory.U32, off), 32);
        };
    }

    private static long atomicOffset(MemorySegment mem, long address, int size, int pc) {
        long off = address - TenantMemory.BASE;
        if (off < 0 || off > mem.byteSize() - size) {
            throw new ExecutionException(pc, "atomic access of " + size + " bytes at 0x" + Long.toHexString(address)
                    + " is outside the tenant's memory");
        }
        return off;
    }

    /// A 64-bit atomic operation ([AtomicOps#update64]: misaligned ones on the slot's private
    /// stack are plain read-modify-writes); returns the old value. `op` is the immediate's
    /// operation (without the fetch bit); `expected` is r0 for cmpxchg.
    public static long atomic64(MemorySegment mem, long address, int op, long src, long expected, int pc) {
        long off = atomicOffset(mem, address, 8, pc);
        try {
            return AtomicOps.update64(mem, off, op, src, expected);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException(pc, e.getMessage(), e);
        }
    }

    /// A 32-bit atomic operation ([AtomicOps#update32]); returns the old value zero-extended.
    public static long atomic32(MemorySegment mem, long address, int op, long src, long expected, int pc) {
        long off = atomicOffset(mem, address, 4, pc);
        try {
            return AtomicOps.update32(mem, off, op, src, expected);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException(pc, e.getMessage(), e);
        }
    }
}
