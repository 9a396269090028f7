package io.splitbpf.cli.pcap;

import java.util.List;
import java.util.Objects;

/// A classic pcap file (libpcap's format, not pcapng): its link type, snap length and packets.
///
/// ```
/// file   = header record*
/// header = magic:u32 (a1b2c3d4 µs | a1b23c4d ns, in the writer's byte order)
///          version_major:u16 (2) version_minor:u16 (4) thiszone:i32 sigfigs:u32
///          snaplen:u32 network:u32 (1 = LINKTYPE_ETHERNET)
/// record = ts_sec:u32 ts_frac:u32 incl_len:u32 orig_len:u32 data[incl_len]
/// ```
///
/// @param linkType the link-layer header type (1 for Ethernet)
/// @param snapLength the most bytes captured of a packet
/// @param packets the packets in file order
public record Pcap(int linkType, int snapLength, List<Packet> packets) {
    /// LINKTYPE_ETHERNET: each packet starts with an Ethernet header.
    public static final int LINKTYPE_ETHERNET = 1;

    public Pcap {
        packets = List.copyOf(packets);
    }

    /// One captured packet.
    ///
    /// @param timestampNanos capture time, nanoseconds since the epoch
    /// @param data the captured bytes (`incl_len` of them)
    /// @param originalLength the packet's length on the wire; more than `data.length` when the
    ///        capture truncated it
    public record Packet(long timestampNanos, byte[] data, int originalLength) {
        public Packet {
            Objects.requireNonNull(data, "data");
            if (originalLength < data.length) {
                throw new IllegalArgumentException("original length " + originalLength + " < captured " + data.length);
            }
        }

        /// Whether the capture kept fewer bytes than the wire carried.
        public boolean truncated() {
            return originalLength > data.length;
        }
    }
}
