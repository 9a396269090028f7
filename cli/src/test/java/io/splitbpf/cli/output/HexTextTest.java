package io.splitbpf.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/// Bytes as bpftool's `fprint_hex`, `hex_print` and JSON print them.
class HexTextTest {
    private static byte[] range(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i + 0x30);
        }
        return b;
    }

    @Test
    void groupsOfEightLinesOfSixteen() {
        assertEquals("30 31 32 33", HexText.bytes(range(4)));
        assertEquals("30 31 32 33 34 35 36 37  38 39 3a 3b 3c 3d 3e 3f\n40 41", HexText.bytes(range(18)));
        assertEquals("", HexText.bytes(new byte[0]));
    }

    @Test
    void dumpHasOffsetsPairsAndCharacters() {
        assertEquals("0000000\t3031 3233 3435 3637 3839 3a3b 3c3d 3e3f | 01234567 89:;<=>?\n"
                + "0000010\t4001                                    | @.\n", HexText.dump(withControl(range(18))));
    }

    private static byte[] withControl(byte[] b) {
        b[17] = 1;
        return b;
    }

    @Test
    void jsonIsZeroXPairs() {
        assertEquals(List.of("0x00", "0xff"), HexText.json(new byte[] {0, -1}));
    }
}
