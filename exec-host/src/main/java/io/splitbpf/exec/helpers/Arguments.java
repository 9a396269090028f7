package io.splitbpf.exec.helpers;

import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import java.lang.foreign.MemorySegment;

/// The argument checks every helper makes again, whatever the verifier proved: pointers lie in
/// regions the run may touch (readable, or writable for outputs), sizes are in range, and map
/// arguments are handles of the calling tenant's maps.
final class Arguments {
    private Arguments() {}

    /// `n` bytes at `address`, after checking the run may read them.
    static byte[] read(ExecContext ctx, long address, int n) {
        byte[] out = new byte[n];
        if (n > 0) {
            long off = ctx.checkedOffset(address, n, false);
            MemorySegment.copy(ctx.memory().segment(), TenantMemory.U8, off, out, 0, n);
        }
        return out;
    }

    /// Checks that the run may write `n` bytes at `address`; returns the segment offset.
    static long writable(ExecContext ctx, long address, int n) {
        return ctx.checkedOffset(address, n, true);
    }

    /// A size argument as an int in `[min, max]`.
    static int size(String what, long value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
        return (int) value;
    }

    /// The map whose handle is `handle`, after checking it belongs to the run's tenant.
    static BpfMap map(MapRegistry maps, ExecContext ctx, long handle) {
        if (ctx.memory() != maps.memory()) {
            throw new IllegalArgumentException("the run's memory is tenant '" + ctx.memory().owner()
                    + "', the helpers were built for tenant '" + maps.memory().owner() + "'");
        }
        BpfMap map = maps.mapOrNull(handle);
        if (map == null) {
            throw new IllegalArgumentException("0x" + Long.toHexString(handle) + " is not a map of tenant '"
                    + maps.memory().owner() + "'");
        }
        if (ctx.slot() < 0 || ctx.slot() >= map.slots()) {
            throw new IllegalArgumentException("execution slot " + ctx.slot() + " is outside the " + map.slots()
                    + " slots of " + map);
        }
        return map;
    }

    /// The key a program passes for `map`.
    static byte[] key(ExecContext ctx, BpfMap map, long address) {
        return read(ctx, address, map.keySize());
    }
}
