package io.splitbpf.exec.helpers;

import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.MapRegistry;
import io.splitbpf.exec.maps.RingBufferMap;
import io.splitbpf.exec.runtime.ExecContext;

/// `ringbuf_output` (130), `ringbuf_reserve` (131), `ringbuf_submit` (132) and
/// `ringbuf_discard` (133). Submit and discard find the ring buffer from the sample's address
/// (Linux reads it from the record header) and refuse an address that is not a reserved
/// sample.
final class RingBufferHelpers {
    private final MapRegistry maps;

    RingBufferHelpers(MapRegistry maps) {
        this.maps = maps;
    }

    private RingBufferMap ring(ExecContext ctx, long handle) {
        BpfMap m = Arguments.map(maps, ctx, handle);
        if (!(m instanceof RingBufferMap rb)) {
            throw new IllegalArgumentException(m + " is not a ringbuf map");
        }
        return rb;
    }

    long output(ExecContext ctx, long map, long data, long size, long flags) {
        RingBufferMap rb = ring(ctx, map);
        int n = Arguments.size("ringbuf_output size", size, 0, rb.maxEntries());
        if (n > 0) {
            ctx.checkedOffset(data, n, false);
        }
        return rb.output(data, n, flags);
    }

    long reserve(ExecContext ctx, long map, long size, long flags) {
        return ring(ctx, map).reserve(size, flags);
    }

    long submit(ExecContext ctx, long sample, long flags) {
        ringContaining(ctx, sample).submit(sample, flags);
        return 0;
    }

    long discard(ExecContext ctx, long sample, long flags) {
        ringContaining(ctx, sample).discard(sample, flags);
        return 0;
    }

    private RingBufferMap ringContaining(ExecContext ctx, long sample) {
        if (ctx.memory() != maps.memory()) {
            throw new IllegalArgumentException("the run's memory is not tenant '" + maps.memory().owner() + "'");
        }
        return maps.ringBufferContaining(sample).orElseThrow(() -> new IllegalArgumentException("0x"
                + Long.toHexString(sample) + " is not in a ringbuf of tenant '" + maps.memory().owner() + "'"));
    }
}
