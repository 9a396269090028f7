package io.splitbpf.cli.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/// Writes classic pcap, little-endian, microsecond timestamps (magic `a1b2c3d4`), as
/// tcpdump writes it on x86.
public final class PcapWriter {
    private static final int MAGIC_MICROS = 0xa1b2c3d4;

    private PcapWriter() {}

    /// The bytes of `pcap`.
    public static byte[] write(Pcap pcap) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(pcap.snapLength()).putInt(pcap.linkType());
        out.writeBytes(header.array());
        for (Pcap.Packet p : pcap.packets()) {
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            long micros = p.timestampNanos() / 1000;
            record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(p.data().length).putInt(p.originalLength());
            out.writeBytes(record.array());
            out.writeBytes(p.data());
        }
        return out.toByteArray();
    }
}
