package io.splitbpf.core.internal.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.elf.ElfFormatException;
import io.splitbpf.core.internal.elf.ByteView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/// BTF parsing: sizes and names through typedefs, arrays and structs; cycles and unknown
/// kinds are clear errors.
class BtfReaderTest {
    private static final int INT = 1;
    private static final int ARRAY = 3;
    private static final int STRUCT = 4;
    private static final int TYPEDEF = 8;

    /// `types` are u32 words; `strings` the string section (starting with NUL).
    private static Btf btf(String strings, int... types) {
        byte[] str = strings.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(24 + types.length * 4 + str.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24)
                .putInt(0).putInt(types.length * 4).putInt(types.length * 4).putInt(str.length);
        for (int t : types) {
            b.putInt(t);
        }
        b.put(str);
        return BtfReader.read(ByteView.of("t.o", ".BTF", b.array()));
    }

    private static int info(int kind, int vlen) {
        return kind << 24 | vlen;
    }

    @Test
    void sizesAndNames() {
        // 1: int "u32" (4), 2: typedef "key_t" -> 1, 3: array of 1 x 5, 4: struct "s" {a: 3} size 20
        Btf btf = btf("\0u32\0key_t\0s\0a\0",
                1, info(INT, 0), 4, 32,
                5, info(TYPEDEF, 0), 1,
                0, info(ARRAY, 0), 0, 1, 1, 5,
                11, info(STRUCT, 1), 20, 13, 3, 0);
        assertEquals(4, btf.sizeOf(2));
        assertEquals("key_t", btf.typeName(2));
        assertEquals(20, btf.sizeOf(3));
        assertEquals("u32[5]", btf.typeName(3));
        assertEquals("struct s", btf.typeName(4));
        assertEquals(1, btf.resolve(2));
        assertEquals(4, btf.typeCount());
    }

    @Test
    void typedefCyclesAreErrorsNotHangs() {
        Btf btf = btf("\0a\0b\0", 1, info(TYPEDEF, 0), 2, 3, info(TYPEDEF, 0), 1);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> btf.sizeOf(1));
        assertTrue(e.getMessage().startsWith("t.o: BTF: type 1"), e.getMessage());
        assertThrows(ElfFormatException.class, () -> btf.resolve(1));
        assertEquals("a", btf.typeName(1));
    }

    @Test
    void unknownKindsAndBadReferencesAreErrors() {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> btf("\0", 0, info(25, 0), 0));
        assertTrue(e.getMessage().contains("type 1 has unknown kind 25"), e.getMessage());
        Btf dangling = btf("\0", 0, info(TYPEDEF, 0), 99);
        ElfFormatException d = assertThrows(ElfFormatException.class, () -> dangling.sizeOf(1));
        assertTrue(d.getMessage().contains("type id 99 is out of range"), d.getMessage());
        ElfFormatException s = assertThrows(ElfFormatException.class, () -> btf("\0abc", 1, info(INT, 0), 4, 32));
        assertTrue(s.getMessage().contains("not NUL-terminated"), s.getMessage());
        ElfFormatException t = assertThrows(ElfFormatException.class, () -> btf("\0", 0, info(STRUCT, 3), 4));
        assertTrue(t.getMessage().contains("is truncated"), t.getMessage());
    }
}
