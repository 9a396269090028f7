package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.context.ContextLayout;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.CurrentTask;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/// An execution slot for programs on a `struct __sk_buff` (socket filters, tc) with
/// `BPF_PROG_TEST_RUN`'s semantics (Linux's `bpf_prog_test_run_skb`):
/// - `data_in` is a frame from its Ethernet header, [#MIN_FRAME] to [#MAX_FRAME] bytes,
///   received on the loopback device (ifindex 1); `eth_type_trans` gives `protocol` and
///   `pkt_type`. tc programs (layer 2) see the frame from its Ethernet header; socket filters
///   see it from the network header (`len` 14 less), and their `data_out` has the Ethernet
///   header back as 14 zero bytes, as Linux pushes a zeroed one;
/// - the socket Linux makes for the run is seen through `family`, `local_ip4`, `remote_ip4`
///   (and the IPv6 pair): the packet's source and destination;
/// - `context_in`, when given, is a `__sk_buff` (at most 192 bytes, zero-padded) of which only
///   `mark`, `priority`, `ingress_ifindex`, `ifindex` (0 or 1: the host has only loopback),
///   `cb`, `tstamp`, `wire_len`, `gso_segs`, `gso_size` and `hwtstamp` may be set
///   (`convert___skb_to_skb`); `context_out` is it with the fields Linux copies back
///   (`convert_skb_to___skb`), as the run left them.
///
/// The packet is writable by tc programs only; both kinds read it with `ld_abs`/`ld_ind` too.
final class SkbSlot implements ProgramHook.HookSlot {
    // Table: offsets in struct __sk_buff (include/uapi/linux/bpf.h).
    static final int LEN = 0;
    static final int PKT_TYPE = 4;
    static final int MARK = 8;
    static final int PROTOCOL = 16;
    static final int PRIORITY = 32;
    static final int INGRESS_IFINDEX = 36;
    static final int IFINDEX = 40;
    static final int CB = 48;
    static final int CB_END = 68;
    static final int FAMILY = 88;
    static final int REMOTE_IP4 = 92;
    static final int LOCAL_IP4 = 96;
    static final int REMOTE_IP6 = 100;
    static final int LOCAL_IP6 = 116;
    static final int TSTAMP = 152;
    static final int WIRE_LEN = 160;
    static final int GSO_SEGS = 164;
    static final int GSO_SIZE = 176;
    static final int HWTSTAMP = 184;
    static final int SIZE = 192;

    /// `ETH_HLEN`: what a socket filter does not see.
    static final int MIN_FRAME = TestFrames.MIN_FRAME;
    /// `NET_SKB_PAD` on x86-64.
    static final int HEADROOM = 64;
    /// Linux's largest test frame: a page less the headroom and `skb_shared_info`.
    static final int MAX_FRAME = 4096 - HEADROOM - 320;
    /// `GSO_LEGACY_MAX_SIZE`, `GSO_MAX_SEGS`.
    static final int MAX_WIRE_LEN = 65536;
    static final int MAX_GSO_SEGS = 65535;

    /// The ranges of `__sk_buff` a `context_in` may set (all other bytes must be 0).
    private static final int[][] SETTABLE = {{MARK, MARK + 4}, {PRIORITY, IFINDEX + 4}, {CB, CB_END},
            {TSTAMP, GSO_SEGS + 4}, {GSO_SIZE, GSO_SIZE + 4}, {HWTSTAMP, SIZE}};
    /// The ranges Linux copies back into `context_out`.
    private static final int[][] COPIED_BACK = {{MARK, MARK + 4}, {PRIORITY, IFINDEX + 4}, {CB, CB_END},
            {TSTAMP, TSTAMP + 8}, {WIRE_LEN, GSO_SEGS + 4}, {HWTSTAMP, SIZE}};

    private final String typeName;
    private final ContextLayout layout;
    private final boolean layer2;
    private final TenantMemory memory;
    private final ExecContext context;
    private final Region skb;
    private final Region buffer;
    private Region packet;
    private Optional<byte[]> given = Optional.empty();

    /// A slot for `typeName` programs on `layout`; `layer2` for tc (the program sees the
    /// Ethernet header and may write the packet).
    SkbSlot(String typeName, ContextLayout layout, boolean layer2, TenantMemory memory, ExecContext context) {
        this.typeName = typeName;
        this.layout = layout;
        this.layer2 = layer2;
        this.memory = memory;
        this.context = context;
        this.skb = layout.allocate(memory);
        this.buffer = memory.allocate(typeName + " frame", 4096, 64, layer2);
        this.packet = new Region("packet data", buffer.address() + HEADROOM, 0, layer2);
    }

    @Override
    public ExecContext context() {
        return context;
    }

    @Override
    public void input(byte[] dataIn, Optional<byte[]> contextIn) throws ServiceError {
        TestFrames.requireSize(dataIn, "an skb test frame", MAX_FRAME, "EINVAL");
        ByteBuffer in = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (contextIn.isPresent()) {
            in.put(checkedContext(contextIn.get()));
        }
        int seen = layer2 ? 0 : MIN_FRAME;
        memory.clear(buffer.address(), buffer.size());
        memory.write(buffer.address() + HEADROOM, dataIn);
        packet = new Region("packet data", buffer.address() + HEADROOM + seen, dataIn.length - seen, layer2);
        int wireLen = in.getInt(WIRE_LEN);
        if (contextIn.isPresent() && (wireLen != 0 && (Integer.toUnsignedLong(wireLen) < packet.size()
                || Integer.toUnsignedLong(wireLen) > MAX_WIRE_LEN))) {
            throw bad("context_in: __sk_buff.wire_len " + Integer.toUnsignedString(wireLen) + " must be 0 or "
                    + packet.size() + " to " + MAX_WIRE_LEN + " (EINVAL)");
        }
        given = contextIn.map(c -> in.array().clone());
        layout.fill(memory, skb, fields(in, dataIn, contextIn.isPresent()).array(), Optional.of(packet));
    }

    /// `context_in` zero-padded to the structure, after Linux's checks.
    private static byte[] checkedContext(byte[] c) throws ServiceError {
        if (c.length > SIZE) {
            throw bad("context_in is " + c.length + " bytes; struct __sk_buff has " + SIZE + " (EINVAL)");
        }
        byte[] padded = java.util.Arrays.copyOf(c, SIZE);
        for (int at = 0; at < SIZE; at++) {
            if (padded[at] != 0 && !inside(SETTABLE, at)) {
                throw bad("context_in: byte " + at + " of __sk_buff is not 0; a test run sets only mark, priority,"
                        + " ingress_ifindex, ifindex, cb, tstamp, wire_len, gso_segs, gso_size and hwtstamp (EINVAL)");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(padded).order(ByteOrder.LITTLE_ENDIAN);
        if (Integer.toUnsignedLong(b.getInt(IFINDEX)) > 1) {
            throw bad("context_in: no device with ifindex " + Integer.toUnsignedString(b.getInt(IFINDEX))
                    + "; the host has only loopback (1) (ENODEV)");
        }
        if (Integer.toUnsignedLong(b.getInt(GSO_SEGS)) > MAX_GSO_SEGS) {
            throw bad("context_in: __sk_buff.gso_segs " + Integer.toUnsignedString(b.getInt(GSO_SEGS))
                    + " is more than " + MAX_GSO_SEGS + " (EINVAL)");
        }
        return padded;
    }

    private static boolean inside(int[][] ranges, int at) {
        for (int[] r : ranges) {
            if (at >= r[0] && at < r[1]) {
                return true;
            }
        }
        return false;
    }

    /// The `__sk_buff` the program sees: what `context_in` set, and what the frame says.
    private ByteBuffer fields(ByteBuffer in, byte[] frame, boolean contextGiven) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(in.array());
        b.putInt(LEN, (int) packet.size());
        b.putInt(PKT_TYPE, packetType(frame));
        b.put(PROTOCOL, frame[12]).put(PROTOCOL + 1, frame[13]);
        if ((frame[12] & 0xff) < 0x06) {
            // eth_type_trans: an 802.3 length field; raw IPX if the payload starts 0xFFFF.
            boolean raw = frame.length >= 16 && frame[14] == -1 && frame[15] == -1;
            b.put(PROTOCOL, (byte) 0).put(PROTOCOL + 1, (byte) (raw ? 0x01 : 0x04));
        }
        b.putInt(IFINDEX, 1);
        b.putInt(WIRE_LEN, contextGiven && in.getInt(WIRE_LEN) == 0 ? (int) packet.size() : in.getInt(WIRE_LEN));
        socket(b, frame);
        return b;
    }

    /// `eth_type_trans`'s packet type on the loopback device (address 00:00:00:00:00:00).
    private static int packetType(byte[] frame) {
        if ((frame[0] & 1) != 0) {
            boolean broadcast = true;
            for (int i = 0; i < 6; i++) {
                broadcast &= frame[i] == -1;
            }
            return broadcast ? 1 : 2;
        }
        for (int i = 0; i < 6; i++) {
            if (frame[i] != 0) {
                return 3;
            }
        }
        return 0;
    }

    /// The socket Linux's test run makes: AF_INET or AF_INET6 with the packet's addresses.
    private static void socket(ByteBuffer b, byte[] frame) {
        int proto = (frame[12] & 0xff) << 8 | frame[13] & 0xff;
        if (proto == 0x0800 && frame.length >= MIN_FRAME + 20) {
            b.putInt(FAMILY, 2);
            b.put(LOCAL_IP4, frame, MIN_FRAME + 12, 4).put(REMOTE_IP4, frame, MIN_FRAME + 16, 4);
        } else if (proto == 0x86dd && frame.length >= MIN_FRAME + 40) {
            b.putInt(FAMILY, 10);
            b.put(LOCAL_IP6, frame, MIN_FRAME + 8, 16).put(REMOTE_IP6, frame, MIN_FRAME + 24, 16);
        }
    }

    @Override
    public long runOnce(ExecutionEngine.LoadedCode code) {
        return code.run(context.reset().allow(skb).packet(packet), skb.address());
    }

    @Override
    public byte[] dataOut() {
        byte[] seen = memory.read(packet.address(), (int) packet.size());
        if (layer2) {
            return seen;
        }
        byte[] out = new byte[MIN_FRAME + seen.length];
        System.arraycopy(seen, 0, out, MIN_FRAME, seen.length);
        return out;
    }

    @Override
    public Optional<byte[]> contextOut() {
        if (given.isEmpty()) {
            return Optional.empty();
        }
        byte[] out = given.get().clone();
        byte[] after = layout.read(memory, skb);
        for (int[] r : COPIED_BACK) {
            System.arraycopy(after, r[0], out, r[0], r[1] - r[0]);
        }
        return Optional.of(out);
    }

    private static ServiceError bad(String message) {
        return TestFrames.bad(message);
    }
}
