package io.splitbpf.core.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.isa.RawInsn;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataFileTest {
    @Test
    void sectionsOfATypicalFile() {
        DataFile d = DataFile.parse("t.data", """
                # Copyright header
                -- asm
                mov %r0, 1  # comment
                exit
                -- mem
                aa bb
                11 22
                -- result
                0x1
                -- no register offset
                call instruction
                """, Path.of("."));
        assertEquals(List.of(new RawInsn(0xb7, 0, 0, (short) 0, 1), new RawInsn(0x95, 0, 0, (short) 0, 0)), d.program());
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, 0x11, 0x22}, d.mem().orElseThrow());
        assertEquals(Optional.of(1L), d.result());
        assertEquals(Optional.empty(), d.error());
        assertEquals(Optional.empty(), d.skipReason());
        assertEquals(List.of("asm", "mem", "result", "no register offset"), d.directives());
    }

    @Test
    void rawBytesOneSlotPerLineAndEmptyError() {
        DataFile d = DataFile.parse("u.data", "-- raw\n85 01 00 00 00 00 00 00\n95 00 00 00 00 00 00 00\n-- error\n",
                Path.of("."));
        assertEquals(List.of(0x185L, 0x95L), d.raw().orElseThrow());
        assertEquals(Optional.of(""), d.error());
    }

    @Test
    void rawWordsAndUnsignedResult() {
        DataFile d = DataFile.parse("w.data", "-- raw\n0x5566778800000018 0x1122334400000000\n95\n-- result\n0xffffffffffffffff",
                Path.of("."));
        assertEquals(List.of(0x5566778800000018L, 0x1122334400000000L, 95L), d.raw().orElseThrow());
        assertEquals(Optional.of(-1L), d.result());
    }

    @Test
    void unknownAndUnrunnableDirectives() {
        DataFile d = DataFile.parse("x.data", "-- asm\nexit\n-- reload\n-- Unknown directive\n-- no jit\nwhy not\n",
                Path.of("."));
        assertEquals(Set.of("reload", "Unknown directive"), d.unsupported());
        assertEquals(Optional.of("why not"), d.noJit());
        assertTrue(d.skipReason().orElseThrow().startsWith("unsupported directives"));
        assertEquals("no asm or raw section",
                DataFile.parse("e.data", "-- result\n0x0\n", Path.of(".")).skipReason().orElseThrow());
        assertThrows(BpfFormatException.class, () -> DataFile.parse("e.data", "-- result\n0\n", Path.of(".")).program());
    }

    @Test
    void companionFilesAndHexDumps() {
        Path dir = SharedFolder.require("conformance/ubpf/tcp-sack");
        DataFile d = DataFile.read(dir.resolve("match.data"));
        assertEquals("tcp-sack.asm", d.asmSource().file());
        byte[] mem = d.mem().orElseThrow();
        assertEquals(0x00, mem[0]);
        assertEquals(0x26, mem[1]);
        assertEquals(78, mem.length);
        assertTrue(d.program().size() > 30);
    }

    @Test
    void errorPatternAndUbpfErrors() {
        Path dir = SharedFolder.require("conformance/ubpf/errors");
        DataFile d = DataFile.read(dir.resolve("err-stack-oob.data"));
        assertEquals(Optional.of("uBPF error: out of bounds memory store at PC 0, addr .*, size 1"), d.errorPattern());
        assertEquals(Optional.of("stack oob check not implemented"), d.noJit());
    }
}
