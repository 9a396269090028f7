package io.splitbpf.exec.context;

import io.splitbpf.core.isa.MemSize;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/// The context of XDP programs. Programs are compiled against `struct xdp_md`, whose packet
/// pointers are u32 fields (`data` at 0, `data_end` at 4, `data_meta` at 8); tenant addresses
/// are 64-bit, so, like Linux's `xdp_convert_ctx_access`, the host keeps its own layout and
/// [ContextRewriter] rewrites the program's loads at load time:
///
/// ```
/// host layout (40 bytes, little endian)     xdp_md (what programs are compiled against)
///  0  u64 data                                0  u32 data
///  8  u64 data_end                            4  u32 data_end
/// 16  u64 data_meta                           8  u32 data_meta
/// 24  u32 ingress_ifindex                    12  u32 ingress_ifindex
/// 28  u32 rx_queue_index                     16  u32 rx_queue_index
/// 32  u32 egress_ifindex                     20  u32 egress_ifindex
/// ```
public final class XdpContext {
    /// Host layout offsets.
    public static final int DATA = 0;
    public static final int DATA_END = 8;
    public static final int DATA_META = 16;
    public static final int INGRESS_IFINDEX = 24;
    public static final int RX_QUEUE_INDEX = 28;
    public static final int EGRESS_IFINDEX = 32;
    /// The size of the host layout.
    public static final int SIZE = 40;

    /// The fields of `struct xdp_md` programs may read.
    public static final List<ContextField> FIELDS = List.of(
            new ContextField("data", 0, MemSize.W, DATA, MemSize.DW),
            new ContextField("data_end", 4, MemSize.W, DATA_END, MemSize.DW),
            new ContextField("data_meta", 8, MemSize.W, DATA_META, MemSize.DW),
            new ContextField("ingress_ifindex", 12, MemSize.W, INGRESS_IFINDEX, MemSize.W),
            new ContextField("rx_queue_index", 16, MemSize.W, RX_QUEUE_INDEX, MemSize.W),
            new ContextField("egress_ifindex", 20, MemSize.W, EGRESS_IFINDEX, MemSize.W));

    private XdpContext() {}

    /// The rewriter for XDP programs.
    public static ContextRewriter rewriter() {
        return new ContextRewriter("xdp_md", FIELDS);
    }

    /// A context region in `memory` (read-only to programs: Linux's `xdp_md` is).
    public static Region allocate(TenantMemory memory) {
        return memory.allocate("xdp_md", SIZE, 8, false);
    }

    /// Fills `ctx` for a run over `packet` (no metadata: `data_meta` = `data`).
    public static void fill(TenantMemory memory, Region ctx, Region packet, int ingressIfindex, int rxQueueIndex) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(DATA, packet.address());
        b.putLong(DATA_END, packet.end());
        b.putLong(DATA_META, packet.address());
        b.putInt(INGRESS_IFINDEX, ingressIfindex);
        b.putInt(RX_QUEUE_INDEX, rxQueueIndex);
        memory.write(ctx.address(), b.array());
    }
}
