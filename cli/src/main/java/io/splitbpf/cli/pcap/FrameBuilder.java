package io.splitbpf.cli.pcap;

import java.nio.ByteBuffer;

/// Builds Ethernet frames layer by layer, with correct IPv4 header checksums and TCP, UDP,
/// ICMP and ICMPv6 checksums (over the pseudo-header where the protocol has one), so that
/// tools such as Wireshark show the generated traffic without warnings.
final class FrameBuilder {
    static final int ETH_P_IP = 0x0800;
    static final int ETH_P_ARP = 0x0806;
    static final int ETH_P_8021Q = 0x8100;
    static final int ETH_P_8021AD = 0x88a8;
    static final int ETH_P_IPV6 = 0x86dd;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_ICMPV6 = 58;

    private FrameBuilder() {}

    /// An 802.1Q (or 802.1ad) tag: the tag protocol identifier and the 12-bit VLAN id.
    record VlanTag(int tpid, int vid) {}

    /// Ethernet II: destination, source, the tags outermost first, then `etherType` and `payload`.
    static byte[] ethernet(byte[] dst, byte[] src, VlanTag[] tags, int etherType, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * tags.length + payload.length);
        b.put(dst).put(src);
        for (VlanTag t : tags) {
            b.putShort((short) t.tpid()).putShort((short) (t.vid() & 0x0fff));
        }
        return b.putShort((short) etherType).put(payload).array();
    }

    /// An IPv4 header (20 bytes, no options, don't-fragment) and `payload`.
    static byte[] ipv4(byte[] src, byte[] dst, int protocol, int ttl, int id, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id)
                .putShort((short) 0x4000).put((byte) ttl).put((byte) protocol).putShort((short) 0).put(src).put(dst);
        b.putShort(10, (short) checksum(0, b.array(), 0, 20));
        return b.put(payload).array();
    }

    /// An IPv6 header (40 bytes) and `payload`.
    static byte[] ipv6(byte[] src, byte[] dst, int nextHeader, int hopLimit, int flowLabel, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x6000_0000 | (flowLabel & 0xfffff)).putShort((short) payload.length).put((byte) nextHeader)
                .put((byte) hopLimit).put(src).put(dst);
        return b.put(payload).array();
    }

    /// A TCP segment (20-byte header) with its checksum over `pseudo`.
    static byte[] tcp(Pseudo pseudo, int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(20 + data.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) window).putShort((short) 0).putShort((short) 0)
                .put(data);
        b.putShort(16, (short) pseudo.checksum(IPPROTO_TCP, b.array()));
        return b.array();
    }

    /// A UDP datagram with its checksum over `pseudo`.
    static byte[] udp(Pseudo pseudo, int srcPort, int dstPort, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + data.length)).putShort((short) 0)
                .put(data);
        int sum = pseudo.checksum(IPPROTO_UDP, b.array());
        b.putShort(6, (short) (sum == 0 ? 0xffff : sum));
        return b.array();
    }

    /// An ICMP (v4) or ICMPv6 echo request or reply; ICMPv6 sums over `pseudo`, ICMP over itself.
    static byte[] echo(Pseudo pseudo, boolean v6, boolean request, int id, int sequence, byte[] data) {
        int type = v6 ? (request ? 128 : 129) : (request ? 8 : 0);
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence).put(data);
        int sum = v6 ? pseudo.checksum(IPPROTO_ICMPV6, b.array()) : checksum(0, b.array(), 0, b.capacity());
        b.putShort(2, (short) sum);
        return b.array();
    }

    /// An ARP request for IPv4 over Ethernet: who has `target`? tell `sender`.
    static byte[] arpRequest(byte[] senderMac, byte[] senderIp, byte[] targetIp) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.putShort((short) 1).putShort((short) ETH_P_IP).put((byte) 6).put((byte) 4).putShort((short) 1)
                .put(senderMac).put(senderIp).put(new byte[6]).put(targetIp);
        return b.array();
    }

    /// The source and destination addresses an upper-layer checksum covers (RFC 793, RFC 8200).
    record Pseudo(byte[] src, byte[] dst) {
        int checksum(int protocol, byte[] segment) {
            long sum = protocol + segment.length;
            sum = partial(sum, src, 0, src.length);
            sum = partial(sum, dst, 0, dst.length);
            return FrameBuilder.checksum(sum, segment, 0, segment.length);
        }
    }

    /// The Internet checksum (RFC 1071) of `bytes[from, from+len)` added to `initial`.
    static int checksum(long initial, byte[] bytes, int from, int len) {
        long sum = partial(initial, bytes, from, len);
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long partial(long sum, byte[] bytes, int from, int len) {
        for (int i = 0; i < len; i += 2) {
            int hi = bytes[from + i] & 0xff;
            int lo = i + 1 < len ? bytes[from + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        return sum;
    }
}
