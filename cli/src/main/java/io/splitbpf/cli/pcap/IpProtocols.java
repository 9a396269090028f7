package io.splitbpf.cli.pcap;

/// The IP protocol a frame carries, found the way `samples/src/xdp_proto_count.c` finds it, so
/// that its counters can be checked against the capture: past up to two VLAN tags (802.1Q or
/// 802.1ad), the IPv4 protocol field or the IPv6 next header, each only when the whole header
/// was captured; 0 for anything else.
public final class IpProtocols {
    private IpProtocols() {}

    /// The protocol number `frame` carries, or 0.
    public static int of(byte[] frame) {
        int offset = 14;
        if (frame.length < offset) {
            return 0;
        }
        int type = u16(frame, 12);
        for (int tag = 0; tag < 2 && (type == FrameBuilder.ETH_P_8021Q || type == FrameBuilder.ETH_P_8021AD); tag++) {
            offset += 4;
            if (frame.length < offset) {
                return 0;
            }
            type = u16(frame, offset - 2);
        }
        if (type == FrameBuilder.ETH_P_IP) {
            return frame.length < offset + 20 ? 0 : frame[offset + 9] & 0xff;
        }
        if (type == FrameBuilder.ETH_P_IPV6) {
            return frame.length < offset + 40 ? 0 : frame[offset + 6] & 0xff;
        }
        return 0;
    }

    /// `tcp`, `udp`, `icmp`, `icmpv6`, `(none)` for 0, else empty.
    public static String name(int protocol) {
        return switch (protocol) {
            case 0 -> "(none)";
            case FrameBuilder.IPPROTO_ICMP -> "icmp";
            case FrameBuilder.IPPROTO_TCP -> "tcp";
            case FrameBuilder.IPPROTO_UDP -> "udp";
            case FrameBuilder.IPPROTO_ICMPV6 -> "icmpv6";
            default -> "";
        };
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }
}
