package io.splitbpf.cli.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/// Classic pcap in both byte orders and both timestamp resolutions; clear errors otherwise.
class PcapReaderTest {
    private static final Pcap SAMPLE = TrafficGenerator.generate(11, 40);

    @Test
    void readsWhatTheWriterWrites() throws IOException {
        Pcap back = PcapReader.read(PcapWriter.write(SAMPLE), "sample");
        assertSame(SAMPLE, back);
    }

    @Test
    void readsBigEndianAndNanosecondFiles() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (boolean nanos : new boolean[] {false, true}) {
                Pcap back = PcapReader.read(encode(SAMPLE, order, nanos), order + (nanos ? " ns" : " µs"));
                assertSame(SAMPLE, back);
            }
        }
    }

    @Test
    void refusesWhatIsNotClassicPcap() {
        assertMessage("x: not a pcap file (3 bytes, shorter than the 24-byte header)", new byte[3]);
        byte[] elf = new byte[64];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        assertMessage("x: not a pcap file (magic 0x464c457f)", elf);
        byte[] ng = new byte[64];
        ByteBuffer.wrap(ng).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0a0d0d0a);
        assertTrue(message(ng).startsWith("x: a pcapng file"), message(ng));
    }

    @Test
    void refusesTruncatedFilesNamingThePacketAndOffset() {
        byte[] whole = PcapWriter.write(SAMPLE);
        int firstLength = SAMPLE.packets().getFirst().data().length;
        byte[] cutInData = Arrays.copyOf(whole, 24 + 16 + firstLength - 1);
        assertMessage("x: packet 1 at offset 24: record claims " + firstLength + " bytes but only " + (firstLength - 1)
                + " remain (truncated file)", cutInData);
        byte[] cutInHeader = Arrays.copyOf(whole, 24 + 16 + firstLength + 5);
        assertMessage("x: packet 2 at offset " + (24 + 16 + firstLength) + ": truncated record header (5 of 16 bytes)",
                cutInHeader);
    }

    private static void assertMessage(String expected, byte[] bytes) {
        assertEquals(expected, message(bytes));
    }

    private static String message(byte[] bytes) {
        return assertThrows(IOException.class, () -> PcapReader.read(bytes, "x")).getMessage();
    }

    private static void assertSame(Pcap expected, Pcap actual) {
        assertEquals(expected.linkType(), actual.linkType());
        assertEquals(expected.snapLength(), actual.snapLength());
        assertEquals(expected.packets().size(), actual.packets().size());
        for (int i = 0; i < expected.packets().size(); i++) {
            Pcap.Packet e = expected.packets().get(i);
            Pcap.Packet a = actual.packets().get(i);
            assertArrayEquals(e.data(), a.data(), "packet " + i);
            assertEquals(e.originalLength(), a.originalLength(), "packet " + i);
            assertEquals(e.timestampNanos() / 1000, a.timestampNanos() / 1000, "packet " + i);
        }
    }

    /// `pcap` in `order`, with nanosecond timestamps when `nanos`: what other writers produce.
    private static byte[] encode(Pcap pcap, ByteOrder order, boolean nanos) {
        int size = 24 + pcap.packets().stream().mapToInt(p -> 16 + p.data().length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        b.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(pcap.snapLength()).putInt(pcap.linkType());
        for (Pcap.Packet p : pcap.packets()) {
            long t = p.timestampNanos();
            b.putInt((int) (t / 1_000_000_000L)).putInt((int) (nanos ? t % 1_000_000_000L : t % 1_000_000_000L / 1000))
                    .putInt(p.data().length).putInt(p.originalLength()).put(p.data());
        }
        return b.array();
    }
}
