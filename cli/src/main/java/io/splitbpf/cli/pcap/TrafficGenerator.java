package io.splitbpf.cli.pcap;

import io.splitbpf.cli.pcap.FrameBuilder.Pseudo;
import io.splitbpf.cli.pcap.FrameBuilder.VlanTag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/// Generates a deterministic mix of Ethernet traffic from a seed: TCP, UDP and ICMP over IPv4;
/// TCP, UDP and ICMPv6 over IPv6; 802.1Q-tagged and QinQ (802.1ad + 802.1Q) frames carrying
/// either; ARP; and frames the capture truncated (captured length shorter than the wire's).
///
/// The same seed and count always give the same bytes: [Random]'s sequence is specified by
/// the JDK, timestamps start at a fixed instant, and nothing reads the clock.
public final class TrafficGenerator {
    /// The capture's start: 2026-01-01T00:00:00Z.
    static final long START_SECONDS = 1_767_225_600L;
    /// The snap length written in the file header.
    static final int SNAP_LENGTH = 65_535;

    /// The kinds of frame, with their share of the mix in percent.
    enum Kind {
        TCP4(30), UDP4(18), ICMP4(8), TCP6(10), UDP6(8), ICMP6(5), VLAN(10), QINQ(3), ARP(4), TRUNCATED(4);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private static final Kind[] TAGGABLE = {Kind.TCP4, Kind.UDP4, Kind.ICMP4, Kind.TCP6, Kind.UDP6, Kind.ICMP6};
    private static final int[] TCP_PORTS = {22, 80, 443, 5432, 8080};
    private static final int[] UDP_PORTS = {53, 123, 443, 514, 4789};

    private final Random random;

    private TrafficGenerator(long seed) {
        this.random = new Random(seed);
    }

    /// `count` frames from `seed`, as a pcap with Ethernet link type.
    public static Pcap generate(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " < 0");
        }
        TrafficGenerator g = new TrafficGenerator(seed);
        List<Pcap.Packet> packets = new ArrayList<>(count);
        long micros = 0;
        for (int i = 0; i < count; i++) {
            micros += 1 + g.random.nextInt(20_000);
            long ts = (START_SECONDS * 1_000_000L + micros) * 1000;
            Kind kind = g.kind();
            if (kind == Kind.TRUNCATED) {
                packets.add(g.truncated(ts));
            } else {
                byte[] frame = g.frame(kind);
                packets.add(new Pcap.Packet(ts, frame, frame.length));
            }
        }
        return new Pcap(Pcap.LINKTYPE_ETHERNET, SNAP_LENGTH, packets);
    }

    private Kind kind() {
        int r = random.nextInt(100);
        for (Kind k : Kind.values()) {
            if (r < k.weight) {
                return k;
            }
            r -= k.weight;
        }
        throw new IllegalStateException("weights do not add up to 100");
    }

    private byte[] frame(Kind kind) {
        int host = random.nextInt(8);
        byte[] local = mac(host + 1);
        byte[] gateway = mac(0xfe);
        boolean out = random.nextBoolean();
        byte[] src = out ? local : gateway;
        byte[] dst = out ? gateway : local;
        return switch (kind) {
            case TCP4, UDP4, ICMP4 -> FrameBuilder.ethernet(dst, src, new VlanTag[0], FrameBuilder.ETH_P_IP, ipv4(kind, host, out));
            case TCP6, UDP6, ICMP6 -> FrameBuilder.ethernet(dst, src, new VlanTag[0], FrameBuilder.ETH_P_IPV6, ipv6(kind, host, out));
            case VLAN -> tagged(dst, src, host, out, new VlanTag[] {new VlanTag(FrameBuilder.ETH_P_8021Q, vid())});
            case QINQ -> tagged(dst, src, host, out, new VlanTag[] {new VlanTag(FrameBuilder.ETH_P_8021AD, vid()),
                new VlanTag(FrameBuilder.ETH_P_8021Q, vid())});
            case ARP -> FrameBuilder.ethernet(new byte[] {-1, -1, -1, -1, -1, -1}, local, new VlanTag[0],
                    FrameBuilder.ETH_P_ARP, FrameBuilder.arpRequest(local, ipv4Local(host), ipv4Local(random.nextInt(8))));
            case TRUNCATED -> throw new IllegalArgumentException("a truncated frame is a packet, see truncated()");
        };
    }

    private byte[] tagged(byte[] dst, byte[] src, int host, boolean out, VlanTag[] tags) {
        Kind inner = TAGGABLE[random.nextInt(TAGGABLE.length)];
        boolean v6 = inner == Kind.TCP6 || inner == Kind.UDP6 || inner == Kind.ICMP6;
        byte[] payload = v6 ? ipv6(inner, host, out) : ipv4(inner, host, out);
        return FrameBuilder.ethernet(dst, src, tags, v6 ? FrameBuilder.ETH_P_IPV6 : FrameBuilder.ETH_P_IP, payload);
    }

    /// A frame of another kind of which the capture kept 14 bytes or more, but not all.
    private Pcap.Packet truncated(long timestampNanos) {
        Kind[] kinds = {Kind.TCP4, Kind.UDP4, Kind.TCP6, Kind.VLAN};
        byte[] whole = frame(kinds[random.nextInt(kinds.length)]);
        int kept = 14 + random.nextInt(Math.min(whole.length - 14, 48));
        return new Pcap.Packet(timestampNanos, Arrays.copyOf(whole, kept), whole.length);
    }

    private byte[] ipv4(Kind kind, int host, boolean out) {
        byte[] local = ipv4Local(host);
        byte[] remote = {(byte) 192, 0, 2, (byte) (1 + random.nextInt(200))};
        byte[] src = out ? local : remote;
        byte[] dst = out ? remote : local;
        Pseudo pseudo = new Pseudo(src, dst);
        int id = random.nextInt(0x10000);
        return switch (kind) {
            case TCP4 -> FrameBuilder.ipv4(src, dst, FrameBuilder.IPPROTO_TCP, 64, id, tcp(pseudo, out));
            case UDP4 -> FrameBuilder.ipv4(src, dst, FrameBuilder.IPPROTO_UDP, 64, id, udp(pseudo, out));
            default -> FrameBuilder.ipv4(src, dst, FrameBuilder.IPPROTO_ICMP, 64, id,
                    FrameBuilder.echo(pseudo, false, out, host, random.nextInt(1000), payload(56)));
        };
    }

    private byte[] ipv6(Kind kind, int host, boolean out) {
        byte[] local = ipv6Address(0, host + 1);
        byte[] remote = ipv6Address(1, 1 + random.nextInt(200));
        byte[] src = out ? local : remote;
        byte[] dst = out ? remote : local;
        Pseudo pseudo = new Pseudo(src, dst);
        int flow = random.nextInt(0x100000);
        return switch (kind) {
            case TCP6 -> FrameBuilder.ipv6(src, dst, FrameBuilder.IPPROTO_TCP, 64, flow, tcp(pseudo, out));
            case UDP6 -> FrameBuilder.ipv6(src, dst, FrameBuilder.IPPROTO_UDP, 64, flow, udp(pseudo, out));
            default -> FrameBuilder.ipv6(src, dst, FrameBuilder.IPPROTO_ICMPV6, 64, flow,
                    FrameBuilder.echo(pseudo, true, out, host, random.nextInt(1000), payload(56)));
        };
    }

    private byte[] tcp(Pseudo pseudo, boolean out) {
        int service = TCP_PORTS[random.nextInt(TCP_PORTS.length)];
        int ephemeral = 32768 + random.nextInt(28232);
        int[] flags = {0x02, 0x12, 0x10, 0x18, 0x11};   // SYN, SYN-ACK, ACK, PSH-ACK, FIN-ACK
        int f = flags[random.nextInt(flags.length)];
        byte[] data = f == 0x18 ? payload(1 + random.nextInt(256)) : new byte[0];
        return FrameBuilder.tcp(pseudo, out ? ephemeral : service, out ? service : ephemeral,
                random.nextInt() & 0xffffffffL, f == 0x02 ? 0 : random.nextInt() & 0xffffffffL, f, 64240, data);
    }

    private byte[] udp(Pseudo pseudo, boolean out) {
        int service = UDP_PORTS[random.nextInt(UDP_PORTS.length)];
        int ephemeral = 32768 + random.nextInt(28232);
        return FrameBuilder.udp(pseudo, out ? ephemeral : service, out ? service : ephemeral,
                payload(8 + random.nextInt(120)));
    }

    private byte[] payload(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private int vid() {
        return 1 + random.nextInt(4094);
    }

    /// `02:00:00:00:00:NN`, a locally administered address.
    private static byte[] mac(int n) {
        return new byte[] {2, 0, 0, 0, 0, (byte) n};
    }

    /// `10.0.0.(N+1)`.
    private static byte[] ipv4Local(int host) {
        return new byte[] {10, 0, 0, (byte) (host + 1)};
    }

    /// `2001:db8:NET::N`, in the documentation prefix.
    private static byte[] ipv6Address(int net, int n) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[5] = (byte) net;
        a[14] = (byte) (n >> 8);
        a[15] = (byte) n;
        return a;
    }
}
