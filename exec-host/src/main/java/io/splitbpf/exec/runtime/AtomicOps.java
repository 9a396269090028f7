package io.splitbpf.exec.runtime;

import io.splitbpf.exec.memory.TenantMemory;
import java.lang.foreign.MemorySegment;

/// The read-modify-write of eBPF's atomic instructions on a tenant's segment, shared by every
/// engine (the JIT calls these through its runtime, the interpreter directly) so that their
/// results agree bit for bit.
///
/// An access aligned to its size is a hardware atomic ([TenantMemory#ATOMIC64] and
/// [TenantMemory#ATOMIC32]). A misaligned one is a plain read, compute and write of the same
/// bytes: the verifier accepts misaligned atomics only on the stack, which is private to its
/// execution slot (no other thread can observe the bytes in between), and refuses them on map
/// values and other shared regions. The plain path is as bounds-checked as any other access
/// (the segment checks every offset), so a misaligned address that no verifier vouched for
/// stays memory safe; it just is not atomic. The alternative, faulting on every misaligned
/// atomic as Linux does, would refuse programs that PREVAIL (and our verifier) prove safe.
///
/// `op` is the operation's code without the fetch bit (RFC 9669: `0x00` add, `0x40` or,
/// `0x50` and, `0xa0` xor, `0xe0` xchg, `0xf0` cmpxchg); `expected` is r0, which only cmpxchg
/// reads. Each method returns the value the memory held before.
public final class AtomicOps {
    private AtomicOps() {}

    /// A 64-bit atomic operation at offset `off` of `mem`; returns the old value.
    ///
    /// @throws IllegalArgumentException for an unknown `op`
    /// @throws IndexOutOfBoundsException when the 8 bytes are not all inside `mem`
    public static long update64(MemorySegment mem, long off, int op, long src, long expected) {
        if (((mem.address() + off) & 7) == 0) {
            return switch (op) {
                case 0x00 -> (long) TenantMemory.ATOMIC64.getAndAdd(mem, off, src);
                case 0x40 -> (long) TenantMemory.ATOMIC64.getAndBitwiseOr(mem, off, src);
                case 0x50 -> (long) TenantMemory.ATOMIC64.getAndBitwiseAnd(mem, off, src);
                case 0xa0 -> (long) TenantMemory.ATOMIC64.getAndBitwiseXor(mem, off, src);
                case 0xe0 -> (long) TenantMemory.ATOMIC64.getAndSet(mem, off, src);
                case 0xf0 -> (long) TenantMemory.ATOMIC64.compareAndExchange(mem, off, expected, src);
                default -> throw unknown(op);
            };
        }
        long old = mem.get(TenantMemory.U64, off);
        mem.set(TenantMemory.U64, off, result(op, old, src, old == expected));
        return old;
    }

    /// A 32-bit atomic operation at offset `off` of `mem`; returns the old value zero-extended.
    /// cmpxchg compares the low 32 bits of `expected`.
    ///
    /// @throws IllegalArgumentException for an unknown `op`
    /// @throws IndexOutOfBoundsException when the 4 bytes are not all inside `mem`
    public static long update32(MemorySegment mem, long off, int op, long src, long expected) {
        int s = (int) src;
        if (((mem.address() + off) & 3) == 0) {
            int old = switch (op) {
                case 0x00 -> (int) TenantMemory.ATOMIC32.getAndAdd(mem, off, s);
                case 0x40 -> (int) TenantMemory.ATOMIC32.getAndBitwiseOr(mem, off, s);
                case 0x50 -> (int) TenantMemory.ATOMIC32.getAndBitwiseAnd(mem, off, s);
                case 0xa0 -> (int) TenantMemory.ATOMIC32.getAndBitwiseXor(mem, off, s);
                case 0xe0 -> (int) TenantMemory.ATOMIC32.getAndSet(mem, off, s);
                case 0xf0 -> (int) TenantMemory.ATOMIC32.compareAndExchange(mem, off, (int) expected, s);
                default -> throw unknown(op);
            };
            return AluOps.u32(old);
        }
        int old = mem.get(TenantMemory.U32, off);
        mem.set(TenantMemory.U32, off, (int) result(op, old, s, old == (int) expected));
        return AluOps.u32(old);
    }

    /// The value the operation leaves in memory that held `old` (the plain path).
    private static long result(int op, long old, long src, boolean matches) {
        return switch (op) {
            case 0x00 -> old + src;
            case 0x40 -> old | src;
            case 0x50 -> old & src;
            case 0xa0 -> old ^ src;
            case 0xe0 -> src;
            case 0xf0 -> matches ? src : old;
            default -> throw unknown(op);
        };
    }

    private static IllegalArgumentException unknown(int op) {
        return new IllegalArgumentException("unknown atomic operation 0x" + Integer.toHexString(op));
    }
}
