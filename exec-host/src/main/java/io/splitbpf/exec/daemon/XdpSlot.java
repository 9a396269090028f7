package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ErrorCode;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.context.XdpContext;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/// An XDP execution slot with `BPF_PROG_TEST_RUN`'s semantics: the frame is copied behind
/// [#HEADROOM] bytes of a page-sized buffer, `data_meta` = `data`, the frame arrives on the
/// loopback device (ifindex 1, queue 0) unless a `struct xdp_md` context says otherwise, and
/// the output is the frame between `data` and `data_end` after the run.
///
/// A context given as input is Linux's `xdp_md` (24 bytes, shorter is zero-padded): `data` and
/// `data_meta` must be 0 (no metadata), `data_end` the frame's length, `egress_ifindex` 0, and
/// a non-zero `rx_queue_index` needs an `ingress_ifindex`, as Linux checks.
final class XdpSlot implements ProgramHook.HookSlot {
    /// `XDP_PACKET_HEADROOM`.
    static final int HEADROOM = 256;
    /// Linux's largest single-buffer test frame: a page less the headroom and `skb_shared_info`.
    static final int MAX_FRAME = 4096 - HEADROOM - 320;
    /// `ETH_HLEN`: the smallest frame.
    static final int MIN_FRAME = 14;
    /// `sizeof(struct xdp_md)`.
    static final int XDP_MD_SIZE = 24;

    private final TenantMemory memory;
    private final ExecContext context;
    private final Region xdpMd;
    private final Region buffer;
    private Region frame;
    private int ingressIfindex = 1;
    private int rxQueueIndex;
    private boolean contextGiven;

    XdpSlot(TenantMemory memory, ExecContext context) {
        this.memory = memory;
        this.context = context;
        this.xdpMd = XdpContext.allocate(memory);
        this.buffer = memory.allocate("xdp frame", 4096, 64, true);
        this.frame = new Region("packet data", buffer.address() + HEADROOM, 0, true);
    }

    @Override
    public ExecContext context() {
        return context;
    }

    @Override
    public void input(byte[] dataIn, Optional<byte[]> contextIn) throws ServiceError {
        if (dataIn.length < MIN_FRAME) {
            throw bad("data_in is " + dataIn.length + " bytes; an XDP frame needs at least " + MIN_FRAME
                    + " (an Ethernet header) (EINVAL)");
        }
        if (dataIn.length > MAX_FRAME) {
            throw bad("data_in is " + dataIn.length + " bytes; an XDP test frame holds at most " + MAX_FRAME
                    + " (EMSGSIZE)");
        }
        ingressIfindex = 1;
        rxQueueIndex = 0;
        contextGiven = contextIn.isPresent();
        if (contextGiven) {
            readXdpMd(contextIn.get(), dataIn.length);
        }
        // Only the bytes of the previous frame that the new one does not cover need clearing:
        // a run never sees another input's bytes, without zeroing the whole page every time.
        long previousEnd = frame.end();
        frame = new Region("packet data", buffer.address() + HEADROOM, dataIn.length, true);
        memory.write(frame.address(), dataIn);
        if (previousEnd > frame.end()) {
            memory.clear(frame.end(), previousEnd - frame.end());
        }
        XdpContext.fill(memory, xdpMd, frame, ingressIfindex, rxQueueIndex);
    }

    private void readXdpMd(byte[] in, int length) throws ServiceError {
        if (in.length > XDP_MD_SIZE) {
            throw bad("context_in is " + in.length + " bytes; struct xdp_md has " + XDP_MD_SIZE + " (EINVAL)");
        }
        ByteBuffer md = ByteBuffer.allocate(XDP_MD_SIZE).order(ByteOrder.LITTLE_ENDIAN).put(in);
        if (md.getInt(0) != 0 || md.getInt(8) != 0) {
            throw bad("context_in: xdp_md.data and data_meta must be 0; this host supports no XDP metadata (EINVAL)");
        }
        if (Integer.toUnsignedLong(md.getInt(4)) != length) {
            throw bad("context_in: xdp_md.data_end is " + Integer.toUnsignedString(md.getInt(4))
                    + ", not the length of data_in " + length + " (EINVAL)");
        }
        if (md.getInt(20) != 0) {
            throw bad("context_in: xdp_md.egress_ifindex must be 0 (EINVAL)");
        }
        if (md.getInt(12) == 0 && md.getInt(16) != 0) {
            throw bad("context_in: xdp_md.rx_queue_index " + md.getInt(16) + " needs an ingress_ifindex (EINVAL)");
        }
        ingressIfindex = md.getInt(12);
        rxQueueIndex = md.getInt(16);
    }

    @Override
    public long runOnce(ExecutionEngine.LoadedCode code) {
        return code.run(context.reset().allow(xdpMd).allow(frame), xdpMd.address());
    }

    @Override
    public byte[] dataOut() {
        ByteBuffer md = ByteBuffer.wrap(memory.read(xdpMd.address(), XdpContext.SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        long data = md.getLong(XdpContext.DATA);
        long end = md.getLong(XdpContext.DATA_END);
        if (data < buffer.address() || end < data || end > buffer.end()) {
            throw new IllegalStateException("xdp_md points outside the frame buffer after the run");
        }
        return memory.read(data, (int) (end - data));
    }

    @Override
    public Optional<byte[]> contextOut() {
        if (!contextGiven) {
            return Optional.empty();
        }
        ByteBuffer md = ByteBuffer.allocate(XDP_MD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        md.putInt(0, 0).putInt(4, dataOut().length).putInt(8, 0).putInt(12, ingressIfindex).putInt(16, rxQueueIndex);
        return Optional.of(md.array());
    }

    private static ServiceError bad(String message) {
        return new ServiceError(ErrorCode.BAD_REQUEST, message);
    }
}
