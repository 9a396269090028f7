package io.splitbpf.exec.helpers;

import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.Errno;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.maps.ProgArrayMap;
import io.splitbpf.exec.maps.TailCallTarget;
import io.splitbpf.exec.runtime.ExecContext;
import java.util.Optional;

/// `tail_call` (12): runs the program at an index of a prog_array in place of the caller.
///
/// The engines need nothing special: the helper runs the target itself, with r1 = the ctx
/// argument, on the same [ExecContext] (so the same stack and slot, the caller's frame being
/// dead), then asks the engine to end the caller with the target's r0 through
/// [ExecContext#requestExit]. Since a successful tail call never returns into its caller, the
/// tail call depth of the context counts the tail calls of the run; as on Linux, at most
/// [#MAX_TAIL_CALLS] succeed. A failed tail call returns a negative errno and the caller goes
/// on (Linux: "returns a negative error in case of failure"): `-ENOENT` for an empty or
/// out-of-range index, `-E2BIG` when the limit is reached.
final class TailCalls {
    /// Linux's `MAX_TAIL_CALL_CNT`.
    static final int MAX_TAIL_CALLS = 33;

    private final MapRegistry maps;

    TailCalls(MapRegistry maps) {
        this.maps = maps;
    }

    long tailCall(ExecContext ctx, long context, long map, long index) {
        BpfMap m = Arguments.map(maps, ctx, map);
        if (!(m instanceof ProgArrayMap progs)) {
            throw new IllegalArgumentException(m + " is not a prog_array map");
        }
        Optional<TailCallTarget> target = progs.target(index & 0xffff_ffffL);
        if (target.isEmpty()) {
            return -Errno.ENOENT;
        }
        int depth = ctx.tailCallDepth();
        if (depth >= MAX_TAIL_CALLS) {
            return -Errno.E2BIG;
        }
        ctx.tailCallDepth(depth + 1);
        long r0;
        try {
            r0 = target.get().code().run(ctx, context);
        } finally {
            ctx.tailCallDepth(depth);
        }
        ctx.requestExit(r0);
        return r0;
    }
}
