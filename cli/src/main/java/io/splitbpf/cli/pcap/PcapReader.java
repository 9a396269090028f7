package io.splitbpf.cli.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/// Reads classic pcap in either byte order, with microsecond or nanosecond timestamps.
/// Anything else (pcapng, a truncated record, a record longer than the file) is refused with
/// the file, the packet number and the byte offset.
public final class PcapReader {
    /// The largest record accepted whatever the snap length says (libpcap's own limit).
    static final int MAX_RECORD = 262_144;

    private PcapReader() {}

    /// Reads `file`.
    ///
    /// @throws IOException when it cannot be read or is not classic pcap; the message names it
    public static Pcap read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /// Reads `bytes`; `name` names them in errors.
    public static Pcap read(byte[] bytes, String name) throws IOException {
        if (bytes.length < 24) {
            throw new IOException(name + ": not a pcap file (" + bytes.length + " bytes, shorter than the 24-byte header)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        boolean nanos;
        switch (magic) {
            case 0xa1b2c3d4 -> nanos = false;
            case 0xa1b23c4d -> nanos = true;
            case 0xd4c3b2a1 -> {
                in.order(ByteOrder.BIG_ENDIAN);
                nanos = false;
            }
            case 0x4d3cb2a1 -> {
                in.order(ByteOrder.BIG_ENDIAN);
                nanos = true;
            }
            case 0x0a0d0d0a -> throw new IOException(name + ": a pcapng file; only classic pcap is read "
                    + "(convert it with `editcap -F pcap " + name + " OUT.pcap`)");
            default -> throw new IOException(name + ": not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int major = Short.toUnsignedInt(in.getShort(4));
        if (major != 2) {
            throw new IOException(name + ": pcap version " + major + "." + Short.toUnsignedInt(in.getShort(6))
                    + " is not supported (2.4 is)");
        }
        int snapLength = in.getInt(16);
        int linkType = in.getInt(20) & 0x0fff_ffff; // the upper bits carry the FCS length, not the type
        List<Pcap.Packet> packets = new ArrayList<>();
        int offset = 24;
        while (offset < bytes.length) {
            int number = packets.size() + 1;
            if (bytes.length - offset < 16) {
                throw new IOException(name + ": packet " + number + " at offset " + offset + ": truncated record header ("
                        + (bytes.length - offset) + " of 16 bytes)");
            }
            long seconds = Integer.toUnsignedLong(in.getInt(offset));
            long fraction = Integer.toUnsignedLong(in.getInt(offset + 4));
            long captured = Integer.toUnsignedLong(in.getInt(offset + 8));
            long original = Integer.toUnsignedLong(in.getInt(offset + 12));
            if (captured > MAX_RECORD) {
                throw new IOException(name + ": packet " + number + " at offset " + offset + ": captured length "
                        + captured + " exceeds " + MAX_RECORD + " bytes (a corrupt file?)");
            }
            if (captured > bytes.length - offset - 16) {
                throw new IOException(name + ": packet " + number + " at offset " + offset + ": record claims " + captured
                        + " bytes but only " + (bytes.length - offset - 16) + " remain (truncated file)");
            }
            byte[] data = new byte[(int) captured];
            System.arraycopy(bytes, offset + 16, data, 0, data.length);
            long ts = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
            packets.add(new Pcap.Packet(ts, data, (int) Math.min(Integer.MAX_VALUE, Math.max(original, captured))));
            offset += 16 + data.length;
        }
        return new Pcap(linkType, snapLength, packets);
    }
}
