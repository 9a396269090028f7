package io.splitbpf.exec.jit;

import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecutionException;
import java.lang.foreign.MemorySegment;

/// The loads and stores of compiled programs: one static method per size and extension, each
/// one bounds-checked access to the tenant's segment at `base + off - BASE`. A refused access
/// becomes the [ExecutionException] of instruction `pc`.
///
/// Why out of line: inline, a load was about 38 bytes of bytecode (the segment call, the
/// extension, and its own exception handler that names the instruction); as a call it is about
/// 12. The JVM inlines these small methods anyway, but it decides whether to inline a whole
/// eBPF function into its caller by bytecode size (`FreqInlineSize`, 325 bytes), and a small
/// packet parser then fits. Public because hidden classes link against it.
public final class SegmentAccess {
    // Table: one accessor per size and extension, alike by design (see below).

    private SegmentAccess() {}

    // Invariant: every access below goes through MemorySegment.get/set, which checks the
    // offset against the segment's bounds; nothing here trusts the verifier.
    //
    // One method per access rather than one shared explicit check followed by the segment's
    // own: that variant (Objects.checkIndex, then get) made tcp-sack 45% slower, as C2 then
    // kept both checks and inlined less.

    public static long ldxb(MemorySegment mem, long base, int off, int pc) {
        long address = base + off;
        try {
            return mem.get(TenantMemory.U8, address - TenantMemory.BASE) & 0xffL;
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 1, false);
        }
    }

    public static long ldxh(MemorySegment mem, long base, int off, int pc) {
        long address = base + off;
        try {
            return mem.get(TenantMemory.U16, address - TenantMemory.BASE) & 0xffffL;
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 2, false);
        }
    }

    public static long ldxw(MemorySegment mem, long base, int off, int pc) {
        long address = base + off;
        try {
            return mem.get(TenantMemory.U32, address - TenantMemory.BASE) & 0xffff_ffffL;
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 4, false);
        }
    }

    public static long ldxdw(MemorySegment mem, long base, int off, int pc) {
        long address = base + off;
        try {
            return mem.get(TenantMemory.U64, address - TenantMemory.BASE);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 8, false);
        }
    }

    public static long ldxsb(MemorySegment mem, long base, int off, int pc) {
        long address = base + off;
        try {
            return mem.get(TenantMemory.U8, address - TenantMemory.BASE);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 1, false);
        }
    }

    public static long ldxsh(MemorySegment mem, long base, int off, int pc) {
        long address = base + off;
        try {
            return mem.get(TenantMemory.U16, address - TenantMemory.BASE);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 2, false);
        }
    }

    public static long ldxsw(MemorySegment mem, long base, int off, int pc) {
        long address = base + off;
        try {
            return mem.get(TenantMemory.U32, address - TenantMemory.BASE);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 4, false);
        }
    }

    public static void stxb(MemorySegment mem, long base, int off, long value, int pc) {
        long address = base + off;
        try {
            mem.set(TenantMemory.U8, address - TenantMemory.BASE, (byte) value);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 1, true);
        }
    }

    public static void stxh(MemorySegment mem, long base, int off, long value, int pc) {
        long address = base + off;
        try {
            mem.set(TenantMemory.U16, address - TenantMemory.BASE, (short) value);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 2, true);
        }
    }

    public static void stxw(MemorySegment mem, long base, int off, long value, int pc) {
        long address = base + off;
        try {
            mem.set(TenantMemory.U32, address - TenantMemory.BASE, (int) value);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 4, true);
        }
    }

    public static void stxdw(MemorySegment mem, long base, int off, long value, int pc) {
        long address = base + off;
        try {
            mem.set(TenantMemory.U64, address - TenantMemory.BASE, value);
        } catch (IndexOutOfBoundsException e) {
            throw JitRuntime.memoryFault(e, pc, address, 8, true);
        }
    }
}
