package io.splitbpf.cli.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.splitbpf.cli.options.Keywords;
import io.splitbpf.core.json.Json;
import io.splitbpf.core.thrift.MapEntry;
import io.splitbpf.core.thrift.MapInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/// Map entries in bpftool's layouts, and its DATA syntax for keys and values.
class MapRendererTest {
    private static MapInfo map(String type, int keySize, int valueSize) {
        return new MapInfo(7, type, "m", keySize, valueSize, 16, 0, "admin", false, List.of(3), 4096);
    }

    private static MapEntry entry(byte[] key, byte[]... values) {
        return new MapEntry(ByteBuffer.wrap(key), Arrays.stream(values).map(ByteBuffer::wrap).toList());
    }

    private static String text(MapInfo m, MapEntry e) {
        StringWriter s = new StringWriter();
        try (PrintWriter w = new PrintWriter(s)) {
            MapRenderer.entry(m, e, w);
        }
        return s.toString();
    }

    @Test
    void smallKeyAndValueShareALine() {
        assertEquals("key: 00 01 02 03  value: 00 01 02 03 04 05 06 07\n",
                text(map("hash", 4, 8), entry(new byte[] {0, 1, 2, 3}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7})));
    }

    @Test
    void largeValuesBreakLines() {
        byte[] value = new byte[20];
        value[19] = (byte) 0xab;
        assertEquals("key:\n01 00 00 00\nvalue:\n00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n00 00 00 ab\n",
                text(map("array", 4, 20), entry(new byte[] {1, 0, 0, 0}, value)));
    }

    @Test
    void perCpuValuesOnePerSlot() {
        MapInfo m = map("percpu_array", 4, 8);
        MapEntry e = entry(new byte[] {6, 0, 0, 0}, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, new byte[] {2, 0, 0, 0, 0, 0, 0, 0});
        assertEquals("key:\n06 00 00 00\nvalue (CPU 00): 01 00 00 00 00 00 00 00\nvalue (CPU 01): 02 00 00 00 00 00 00 00\n",
                text(m, e));
        assertEquals("{\"key\":[\"0x06\",\"0x00\",\"0x00\",\"0x00\"],\"values\":[{\"cpu\":0,\"value\":[\"0x01\",\"0x00\","
                + "\"0x00\",\"0x00\",\"0x00\",\"0x00\",\"0x00\",\"0x00\"]},{\"cpu\":1,\"value\":[\"0x02\",\"0x00\",\"0x00\","
                + "\"0x00\",\"0x00\",\"0x00\",\"0x00\",\"0x00\"]}]}", Json.write(MapRenderer.json(m, e), false));
    }

    @Test
    void dataBytesInBpftoolsNotations() {
        assertEquals("[1, 0, 0, 0]", Arrays.toString(parse(4, "key", "0x01", "0x00", "0x00", "0x00")));
        assertEquals("[-1, 16, 8, 10]", Arrays.toString(parse(4, "key", "hex", "ff", "10", "08", "0a")));
        assertEquals("[10, 8, -1, 0]", Arrays.toString(parse(4, "key", "10", "010", "255", "0")));
        assertEquals("key has 2 bytes, expected 4 (one word per byte, e.g. 'key 0x01 0x00 0x00 0x00' or "
                + "'key hex 01 00 00 00')", error(4, "key", "1", "2", "value", "3"));
        assertEquals("key: '256' does not fit in a byte", error(1, "key", "256"));
        assertEquals("key: error parsing byte 'zz'", error(1, "key", "zz"));
        assertEquals("key: error parsing byte '100' (two hex digits after 'hex')", error(1, "key", "hex", "100"));
    }

    private static byte[] parse(int size, String name, String... words) {
        Keywords k = new Keywords(new CommandLine(CommandLine.Model.CommandSpec.create()), List.of(words));
        k.accept(name);
        return DataBytes.read(k, name, size);
    }

    private static String error(int size, String name, String... words) {
        return assertThrows(CommandLine.ParameterException.class, () -> parse(size, name, words)).getMessage();
    }
}
