package io.splitbpf.cli.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.testsupport.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/// The generator is deterministic, its output is what the project ships, and the mix holds
/// every kind of frame the demo relies on, with valid checksums.
class TrafficGeneratorTest {
    @Test
    void committedCaptureIsTheGeneratorsOutputByteForByte() throws IOException {
        Path committed = TestPaths.requireInRoot("samples/traffic").resolve("mixed.pcap");
        byte[] expected = Files.readAllBytes(committed);
        byte[] generated = PcapWriter.write(TrafficGenerator.generate(PcapGenerateCommand.DEFAULT_SEED,
                PcapGenerateCommand.DEFAULT_COUNT));
        assertArrayEquals(expected, generated,
                "samples/traffic/mixed.pcap differs from `ebpf pcap generate -o samples/traffic/mixed.pcap`; regenerate it");
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        byte[] a = PcapWriter.write(TrafficGenerator.generate(7, 200));
        byte[] b = PcapWriter.write(TrafficGenerator.generate(7, 200));
        byte[] c = PcapWriter.write(TrafficGenerator.generate(8, 200));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void theMixHasEveryKindOfFrame() {
        Pcap pcap = TrafficGenerator.generate(PcapGenerateCommand.DEFAULT_SEED, PcapGenerateCommand.DEFAULT_COUNT);
        Map<String, Integer> kinds = new TreeMap<>();
        for (Pcap.Packet p : pcap.packets()) {
            kinds.merge(kind(p), 1, Integer::sum);
        }
        for (String k : new String[] {"ipv4/6", "ipv4/17", "ipv4/1", "ipv6/6", "ipv6/17", "ipv6/58", "vlan", "qinq",
            "arp", "truncated"}) {
            assertTrue(kinds.getOrDefault(k, 0) > 0, k + " missing from " + kinds);
        }
        assertTrue(pcap.packets().stream().allMatch(p -> p.data().length >= 14), "every frame has an Ethernet header");
    }

    @Test
    void checksumsVerify() {
        for (Pcap.Packet p : TrafficGenerator.generate(3, 500).packets()) {
            byte[] f = p.data();
            if (p.truncated() || u16(f, 12) != FrameBuilder.ETH_P_IP) {
                continue;
            }
            assertEquals(0, FrameBuilder.checksum(0, f, 14, 20), "IPv4 header checksum");
            int protocol = f[14 + 9] & 0xff;
            byte[] segment = Arrays.copyOfRange(f, 34, f.length);
            if (protocol == FrameBuilder.IPPROTO_ICMP) {
                assertEquals(0, FrameBuilder.checksum(0, segment, 0, segment.length), "ICMP checksum");
            } else {
                FrameBuilder.Pseudo pseudo = new FrameBuilder.Pseudo(Arrays.copyOfRange(f, 26, 30),
                        Arrays.copyOfRange(f, 30, 34));
                assertEquals(0, pseudo.checksum(protocol, segment), "L4 checksum of protocol " + protocol);
            }
        }
    }

    @Test
    void classifierFollowsTheSample() {
        byte[] udp = FrameBuilder.ethernet(new byte[6], new byte[6], new FrameBuilder.VlanTag[] {
            new FrameBuilder.VlanTag(FrameBuilder.ETH_P_8021AD, 1), new FrameBuilder.VlanTag(FrameBuilder.ETH_P_8021Q, 2)},
                FrameBuilder.ETH_P_IP, FrameBuilder.ipv4(new byte[4], new byte[4], 17, 64, 1, new byte[8]));
        assertEquals(17, IpProtocols.of(udp));
        assertEquals(0, IpProtocols.of(Arrays.copyOf(udp, 14 + 8 + 19)), "IPv4 header cut short");
        assertEquals(17, IpProtocols.of(Arrays.copyOf(udp, 14 + 8 + 20)));
        byte[] arp = FrameBuilder.ethernet(new byte[6], new byte[6], new FrameBuilder.VlanTag[0], FrameBuilder.ETH_P_ARP,
                FrameBuilder.arpRequest(new byte[6], new byte[4], new byte[4]));
        assertEquals(0, IpProtocols.of(arp));
    }

    private static String kind(Pcap.Packet p) {
        byte[] f = p.data();
        if (p.truncated()) {
            return "truncated";
        }
        int type = u16(f, 12);
        return switch (type) {
            case FrameBuilder.ETH_P_8021Q -> "vlan";
            case FrameBuilder.ETH_P_8021AD -> "qinq";
            case FrameBuilder.ETH_P_ARP -> "arp";
            case FrameBuilder.ETH_P_IP -> "ipv4/" + (f[23] & 0xff);
            case FrameBuilder.ETH_P_IPV6 -> "ipv6/" + (f[20] & 0xff);
            default -> "other " + type;
        };
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }
}
