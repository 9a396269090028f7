package io.splitbpf.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.conformance.DataFile;
import io.splitbpf.core.conformance.SharedFolder;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.isa.RawInsn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/// Every `.data` file of the two conformance corpora assembles (or, where it is an assembler
/// error test, fails with [AsmSyntaxException]); uBPF's listing files match their `-- raw`.
class AssemblerConformanceTest {
    /// bpf_conformance `negative/` files whose assembler text is malformed on purpose.
    static final Set<String> ASSEMBLER_ERRORS = Set.of("invalid_imm32_dec_range.data",
            "invalid_imm32_hex_range.data", "invalid_label.data", "invalid_lock.data", "invalid_lock2.data",
            "invalid_mnemonic.data", "invalid_offset.data", "invalid_offset_range.data",
            "invalid_operand_count.data", "invalid_register.data");
    /// uBPF `errors/` files that name `%r11`, which splitbpf's assembler refuses (uBPF's loader
    /// refuses the encoded program instead).
    static final Set<String> REGISTER_ERRORS = Set.of("err-invalid-reg-dst.data", "err-invalid-reg-src.data");

    @TestFactory
    Stream<DynamicTest> bpfConformanceTopLevel() throws IOException {
        Path dir = SharedFolder.require("conformance/bpf_conformance");
        List<Path> files = list(dir, 1);
        assertEquals(313, files.size(), "bpf_conformance has 313 positive tests");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            DataFile data = DataFile.read(f);
            assertTrue(data.skipReason().isEmpty(), () -> "skip: " + data.skipReason());
            List<RawInsn> program = data.program();
            assertFalse(program.isEmpty());
            InsnCodec.decode(program);
        }));
    }

    @TestFactory
    Stream<DynamicTest> bpfConformanceNegative() throws IOException {
        Path dir = SharedFolder.require("conformance/bpf_conformance/negative");
        return list(dir, 1).stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String name = f.getFileName().toString();
            DataFile data = DataFile.read(f);
            if (ASSEMBLER_ERRORS.contains(name)) {
                assertThrows(AsmSyntaxException.class, data::program);
            } else if (name.startsWith("unused-")) {
                assertEquals(2, data.program().size(), "one slot per byte line");
                assertEquals(java.util.Optional.of(""), data.error());
                assertThrows(io.splitbpf.core.insn.InsnDecodeException.class, () -> InsnCodec.decode(data.program()));
            } else if (data.skipReason().isEmpty()) {
                InsnCodec.decode(data.program());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> ubpf() throws IOException {
        Path dir = SharedFolder.require("conformance/ubpf");
        return list(dir, 5).stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), () -> {
            DataFile data = DataFile.read(f);
            String name = f.getFileName().toString();
            if (REGISTER_ERRORS.contains(name)) {
                AsmSyntaxException e = assertThrows(AsmSyntaxException.class, data::program);
                assertTrue(e.getMessage().contains("'%r11'"), e.getMessage());
            } else if (data.asm().isPresent() || data.raw().isPresent()) {
                assertFalse(data.program().isEmpty());
            } else {
                assertTrue(data.unsupported().contains("pyelf"), "only pyelf files have no program");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> ubpfListingsMatchTheirRaw() {
        Path dir = SharedFolder.require("conformance/ubpf");
        return Stream.of("alu", "alu64", "jmp", "ldx", "st", "stx").map(n -> DynamicTest.dynamicTest(n, () -> {
            DataFile data = DataFile.read(dir.resolve(n + ".data"));
            List<RawInsn> expected = data.raw().orElseThrow().stream().map(RawInsn::ofWord).toList();
            List<RawInsn> assembled = Assembler.of(Dialect.DATA).assemble(data.asm().orElseThrow()).toRaw();
            assertEquals(expected, assembled);
        }));
    }

    @Test
    void errorNamesLineColumnAndText() {
        AsmSyntaxException e = assertThrows(AsmSyntaxException.class,
                () -> Assembler.of(Dialect.DATA).assemble("mov %r0, 1\n# c\nmov32   %r11, 1\nexit"));
        assertEquals("line 3, column 9: expected a register, found '%r11'", e.getMessage());
        assertEquals(3, e.line());
        assertEquals(9, e.column());
        assertEquals("%r11", e.found());
    }

    @Test
    void errorsInDataFilesNameTheFileLine() {
        Path dir = SharedFolder.require("conformance/bpf_conformance/negative");
        AsmSyntaxException e = assertThrows(AsmSyntaxException.class,
                () -> DataFile.read(dir.resolve("invalid_register.data")).program());
        assertEquals("invalid_register.data: line 4, column 9: expected a register, found '%r50'", e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> errorMessages() {
        return Stream.of(
                new String[] {"ldxq %r0, %r1", "line 1, column 1: unknown mnemonic ('ldxq')"},
                new String[] {"ja nowhere\nexit", "line 1, column 4: unknown label ('nowhere')"},
                new String[] {"mov32 %r0, 2147483648", "line 1, column 12: immediate out of 32-bit range ('2147483648')"},
                new String[] {"mov32 %r0, 0x100000000", "line 1, column 12: immediate out of 32-bit range ('0x100000000')"},
                new String[] {"ldxb %r0, [%r1+0x10000]", "line 1, column 15: offset out of 16-bit range ('+0x10000')"},
                new String[] {"lddw %r0", "line 1, column 9: expected a 64-bit immediate, found end of line"},
                new String[] {"lock or [%r10-8]", "line 1, column 17: expected a register, found end of line"},
                new String[] {"r0 = 1\nr1 = *(u128 *)(r1 + 0)",
                        "line 2, column 8: expected a pointer type (u8, u16, u32, u64), found 'u128'"},
                new String[] {"if r1 ~ 2 goto +1", "line 1, column 7: expected a comparison operator, found '~'"},
                new String[] {"w1 = (s32)w2", "line 1, column 1: movsx32 exists only as a 64-bit operation ('w1 = (s32)w2')"},
                new String[] {"r1 = 5\nassume r1 != 0", "line 2, column 1: 'assume' is a PREVAIL pseudo-instruction with no eBPF encoding ('assume')"})
                .map(s -> DynamicTest.dynamicTest(s[0].replace('\n', '|'), () -> {
                    AsmSyntaxException e = assertThrows(AsmSyntaxException.class,
                            () -> Assembler.detecting().assemble(s[0]));
                    assertEquals(s[1], e.getMessage());
                }));
    }

    static List<Path> list(Path dir, int depth) throws IOException {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
    }
}
