package io.splitbpf.exec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/// bpftool's tag as Linux computes it (`bpf_prog_calc_tag`): map `lddw` immediates do not count.
class LoadedProgramTest {
    /// `r1 = map[imm]` (source `src`, both halves carrying `imm`) then `exit`.
    static byte[] lddwExit(int src, int imm) {
        HexFormat hex = HexFormat.of();
        String i = hex.toHexDigits(Integer.reverseBytes(imm));
        return hex.parseHex("18" + hex.toHexDigits((byte) (src << 4 | 1)) + "0000" + i + "00000000" + i
                + "9500000000000000");
    }

    @Test
    void mapImmediatesAreZeroedBeforeHashing() throws Exception {
        String tag = LoadedProgram.tag(lddwExit(1, 0));
        assertEquals(tag, LoadedProgram.tag(lddwExit(1, 3)), "MAP_FD: which map does not change the tag");
        assertEquals(LoadedProgram.tag(lddwExit(2, 0)), LoadedProgram.tag(lddwExit(2, 7)), "MAP_VALUE, offset too");
        assertNotEquals(LoadedProgram.tag(lddwExit(0, 0)), LoadedProgram.tag(lddwExit(0, 3)), "a constant counts");
        byte[] zeroed = lddwExit(1, 0);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(zeroed), 0, 8);
        assertEquals(expected, tag);
        assertEquals(16, tag.length());
    }
}
