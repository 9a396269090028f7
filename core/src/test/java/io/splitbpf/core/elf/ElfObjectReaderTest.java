package io.splitbpf.core.elf;

import static io.splitbpf.core.elf.TestElf.CODE;
import static io.splitbpf.core.elf.TestElf.DATA;
import static io.splitbpf.core.elf.TestElf.FUNC;
import static io.splitbpf.core.elf.TestElf.GLOBAL;
import static io.splitbpf.core.elf.TestElf.LOCAL;
import static io.splitbpf.core.elf.TestElf.OBJECT;
import static io.splitbpf.core.elf.TestElf.PROGBITS;
import static io.splitbpf.core.elf.TestElf.SECTION;
import static io.splitbpf.core.elf.TestElf.insns;
import static io.splitbpf.core.elf.TestElf.raw;
import static io.splitbpf.core.elf.TestElf.u32s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.RawInsn;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.FunctionInfo;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/// The loader on small hand-built objects: legacy maps, global data, relocations, subprogram
/// linking and the errors for inputs that cannot be resolved.
class ElfObjectReaderTest {
    private static final RawInsn EXIT = raw(0x95, 0, 0, 0, 0);
    private static final RawInsn MOV0 = raw(0xb7, 0, 0, 0, 0);

    private static RawInsn[] lddw(int dst, int imm) {
        return new RawInsn[] {raw(0x18, dst, 0, 0, imm), raw(0, 0, 0, 0, 0)};
    }

    private static RawInsn[] concat(RawInsn[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(RawInsn[]::new);
    }

    @Test
    void legacyMapsUseSectionSizeOverSymbolCountAndResolveToIndices() {
        TestElf elf = new TestElf();
        int code = elf.section("socket1", PROGBITS, CODE, insns(concat(lddw(1, 0), new RawInsn[] {MOV0, EXIT})));
        // 28-byte records (samples/bpf): type, key, value, max, flags, inner_map_idx, numa_node
        int maps = elf.section("maps", PROGBITS, DATA, concat32(
                u32s(2, 4, 8, 16, 0, 0, 0),
                u32s(12, 4, 4, 8, 0x4, 0, 3)));
        elf.section("license", PROGBITS, DATA, "GPL\0".getBytes(StandardCharsets.US_ASCII));
        elf.symbol("prog", FUNC, GLOBAL, code, 0, 32);
        elf.symbol("values", OBJECT, GLOBAL, maps, 0, 28);
        int outer = elf.symbol("outer", OBJECT, GLOBAL, maps, 28, 28);
        elf.rel(code, 0, outer, 1);

        CollectionSpec spec = ElfObjectReader.read("legacy.o", elf.build());
        assertEquals(List.of("values", "outer"), spec.maps().stream().map(MapSpec::name).toList());
        MapSpec values = spec.maps().get(0);
        assertEquals(MapType.ARRAY, values.type());
        assertEquals(List.of(4, 8, 16), List.of(values.keySize(), values.valueSize(), values.maxEntries()));
        assertEquals(MapOrigin.LEGACY, values.origin());
        MapSpec outerMap = spec.maps().get(1);
        assertEquals(MapType.ARRAY_OF_MAPS, outerMap.type());
        assertEquals("values", outerMap.innerMap().orElseThrow().name());
        assertEquals(3, outerMap.numaNode());
        ProgramSpec prog = spec.programs().getFirst();
        assertEquals(ProgramType.SOCKET_FILTER, prog.type());
        assertEquals(new LoadImm64(io.splitbpf.core.isa.Reg.R1, PseudoSource.MAP_FD, 1, 0), prog.insns().at(0).insn());
        assertEquals(List.of(1), prog.mapIndices());
        assertEquals("GPL", spec.license());
        assertEquals("GPL", prog.license());
    }

    @Test
    void globalDataBecomesOneEntryArraysAndRelocationsPointIntoTheirValues() {
        TestElf elf = new TestElf();
        int code = elf.section("xdp", PROGBITS, CODE, insns(concat(lddw(1, 4), lddw(2, 0), new RawInsn[] {EXIT})));
        int data = elf.section(".data", PROGBITS, DATA, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        int rodata = elf.section(".rodata.str1.1", PROGBITS, 0x32, "hi\0".getBytes(StandardCharsets.US_ASCII));
        int bss = elf.nobits(".bss", 16);
        elf.symbol("xdp_prog", FUNC, GLOBAL, code, 0, 40);
        int dataSec = elf.symbol("", SECTION, LOCAL, data, 0, 0);
        int counter = elf.symbol("counter", OBJECT, GLOBAL, bss, 8, 8);
        elf.rel(code, 0, dataSec, 1);
        elf.rel(code, 16, counter, 1);

        CollectionSpec spec = ElfObjectReader.read("data.o", elf.build());
        assertEquals(List.of(".data", ".rodata.str1.1", ".bss"), spec.maps().stream().map(MapSpec::name).toList());
        MapSpec d = spec.maps().get(0);
        assertEquals(List.of(4, 8, 1), List.of(d.keySize(), d.valueSize(), d.maxEntries()));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, d.initialData());
        MapSpec ro = spec.maps().get(1);
        assertEquals(MapSpec.F_RDONLY_PROG, ro.flags());
        assertTrue(ro.frozen());
        assertArrayEquals(new byte[16], spec.maps().get(2).initialData());
        ProgramSpec p = spec.programs().getFirst();
        assertEquals(LoadImm64.mapValue(io.splitbpf.core.isa.Reg.R1, 0, 4), p.insns().at(0).insn());
        assertEquals(LoadImm64.mapValue(io.splitbpf.core.isa.Reg.R2, 2, 8), p.insns().at(2).insn());
        assertEquals(List.of(0, 2), p.mapIndices());
        assertTrue(rodata > 0);
    }

    @Test
    void relaSectionsOfOldLlvmCarryTheirAddendsInTheRecord() {
        // Old LLVM wrote .rela<section> records (type 0) with the addend in the record and 0 in
        // the instruction, as Open vSwitch's datapath.o shows.
        TestElf elf = new TestElf();
        int code = elf.section("ingress", PROGBITS, CODE, insns(concat(lddw(1, 0), lddw(2, 0), new RawInsn[] {EXIT})));
        int maps = elf.section("maps", PROGBITS, DATA, concat32(u32s(2, 4, 8, 16, 0, 0, 0), u32s(1, 4, 4, 8, 0, 0, 0)));
        int data = elf.section(".data", PROGBITS, DATA, new byte[16]);
        elf.symbol("prog", FUNC, GLOBAL, code, 0, 40);
        elf.symbol("first", OBJECT, GLOBAL, maps, 0, 28);
        int second = elf.symbol("second", OBJECT, GLOBAL, maps, 28, 28);
        int dataSec = elf.symbol("", SECTION, LOCAL, data, 0, 0);
        elf.rela(code, 0, second, 0, 0);
        elf.rela(code, 16, dataSec, 0, 12);

        ProgramSpec p = ElfObjectReader.read("rela.o", elf.build()).programs().getFirst();
        assertEquals(new LoadImm64(io.splitbpf.core.isa.Reg.R1, PseudoSource.MAP_FD, 1, 0), p.insns().at(0).insn());
        assertEquals(LoadImm64.mapValue(io.splitbpf.core.isa.Reg.R2, 2, 12), p.insns().at(2).insn());
    }

    @Test
    void relaRelocationsOfCallsAreNotSupported() {
        TestElf elf = new TestElf();
        int code = elf.section(".text", PROGBITS, CODE, insns(raw(0x85, 0, 1, 0, -1), MOV0, EXIT));
        int f = elf.symbol("f", FUNC, GLOBAL, code, 0, 24);
        elf.symbol("g", FUNC, GLOBAL, code, 8, 16);
        elf.rela(code, 0, f + 1, 10, 0);
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> ElfObjectReader.read("call.o",
                elf.build()));
        assertEquals("call.o: section .text: relocation against g at instruction 0: a .rela relocation on a "
                + "call instruction is not supported", e.getMessage());
    }

    @Test
    void textSubprogramsAreAppendedTransitivelyAndCallsPatched() {
        TestElf elf = new TestElf();
        // xdp: call f (relocated), exit        .text: f: call g (no relocation, +1), exit; g: mov, exit
        int xdp = elf.section("xdp", PROGBITS, CODE, insns(raw(0x85, 0, 1, 0, -1), EXIT));
        int text = elf.section(".text", PROGBITS, CODE, insns(raw(0x85, 0, 1, 0, 1), EXIT, MOV0, EXIT));
        elf.symbol("main_prog", FUNC, GLOBAL, xdp, 0, 16);
        int f = elf.symbol("f", FUNC, GLOBAL, text, 0, 16);
        elf.symbol("g", FUNC, LOCAL, text, 16, 16);
        elf.rel(xdp, 0, f, 10);

        CollectionSpec spec = ElfObjectReader.read("calls.o", elf.build());
        assertEquals(1, spec.programs().size(), ".text functions are subprograms, not programs");
        ProgramSpec p = spec.programs().getFirst();
        assertEquals(List.of(new FunctionInfo("main_prog", 0), new FunctionInfo("f", 2), new FunctionInfo("g", 4)),
                p.functions());
        assertEquals(6, p.insns().slotCount());
        assertEquals(2, ((CallLocal) p.insns().at(0).insn()).target(0));
        assertEquals(4, ((CallLocal) p.insns().at(2).insn()).target(2));
    }

    @Test
    void functionPointersBecomePseudoFuncRelativeToTheLinkedProgram() {
        TestElf elf = new TestElf();
        int xdp = elf.section("xdp", PROGBITS, CODE, insns(concat(lddw(2, 8), new RawInsn[] {EXIT})));
        int text = elf.section(".text", PROGBITS, CODE, insns(EXIT, MOV0, EXIT));
        elf.symbol("prog", FUNC, GLOBAL, xdp, 0, 24);
        int textSec = elf.symbol("", SECTION, LOCAL, text, 0, 0);
        elf.symbol("cb", FUNC, LOCAL, text, 8, 16);
        elf.symbol("other", FUNC, LOCAL, text, 0, 8);
        elf.rel(xdp, 0, textSec, 1);

        ProgramSpec p = ElfObjectReader.read("cb.o", elf.build()).programs().getFirst();
        LoadImm64 l = (LoadImm64) p.insns().at(0).insn();
        assertEquals(PseudoSource.FUNC, l.source());
        assertEquals(3, 0 + 1 + l.imm(), "cb is appended at pc 3");
        assertEquals(List.of(new FunctionInfo("prog", 0), new FunctionInfo("cb", 3)), p.functions());
    }

    @Test
    void aRelocationOnAnOrdinaryInstructionNamesSectionSymbolAndInstruction() {
        TestElf elf = new TestElf();
        int code = elf.section("xdp", PROGBITS, CODE, insns(MOV0, MOV0, EXIT));
        int maps = elf.section("maps", PROGBITS, DATA, u32s(2, 4, 4, 1, 0));
        elf.symbol("prog", FUNC, GLOBAL, code, 0, 24);
        int m = elf.symbol("m", OBJECT, GLOBAL, maps, 0, 20);
        elf.rel(code, 8, m, 1);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfObjectReader.read("bad.o", elf.build()));
        assertEquals("bad.o", e.object());
        assertTrue(e.getMessage().startsWith("bad.o: section xdp: relocation against m at instruction 1"), e.getMessage());
        assertTrue(e.getMessage().contains("not an lddw or call"), e.getMessage());
    }

    @Test
    void externCallsAreNotSupported() {
        TestElf elf = new TestElf();
        int code = elf.section("xdp", PROGBITS, CODE, insns(raw(0x85, 0, 1, 0, -1), EXIT));
        elf.symbol("prog", FUNC, GLOBAL, code, 0, 16);
        int ext = elf.symbol("bpf_kfunc", TestElf.NOTYPE, GLOBAL, 0, 0, 0);
        elf.rel(code, 0, ext, 10);
        NotSupportedException e = assertThrows(NotSupportedException.class,
                () -> ElfObjectReader.read("kfunc.o", elf.build()));
        assertTrue(e.getMessage().contains("extern function bpf_kfunc"), e.getMessage());
        assertTrue(e.getMessage().startsWith("kfunc.o: section xdp"), e.getMessage());
    }

    @Test
    void aDirectoryIsRefusedByName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfObjectReader.read(dir));
        assertTrue(e.getMessage().equals(dir + ": is a directory, not an object file"), e.getMessage());
    }

    @Test
    void anExternNamedAsAHelperIsThatHelper() {
        TestElf elf = new TestElf();
        int code = elf.section("xdp", PROGBITS, CODE, insns(raw(0x85, 0, 1, 0, -1), EXIT));
        elf.symbol("prog", FUNC, GLOBAL, code, 0, 16);
        int ext = elf.symbol("bpf_ktime_get_ns", TestElf.NOTYPE, GLOBAL, 0, 0, 0);
        elf.rel(code, 0, ext, 10);
        CollectionSpec spec = ElfObjectReader.read("helper.o", elf.build());
        assertEquals(new io.splitbpf.core.insn.Call(5), spec.programs().getFirst().insns().at(0).insn());
    }

    @Test
    void anExternNamedAsAHelperWithoutItsPrefixIsNotOne() {
        TestElf elf = new TestElf();
        int code = elf.section("xdp", PROGBITS, CODE, insns(raw(0x85, 0, 1, 0, -1), EXIT));
        elf.symbol("prog", FUNC, GLOBAL, code, 0, 16);
        int ext = elf.symbol("ktime_get_ns", TestElf.NOTYPE, GLOBAL, 0, 0, 0);
        elf.rel(code, 0, ext, 10);
        NotSupportedException e = assertThrows(NotSupportedException.class,
                () -> ElfObjectReader.read("nohelper.o", elf.build()));
        assertTrue(e.getMessage().contains("extern function ktime_get_ns"), e.getMessage());
    }

    @Test
    void decodeErrorsCarryObjectSectionAndProgram() {
        TestElf elf = new TestElf();
        int code = elf.section("xdp", PROGBITS, CODE, insns(MOV0, raw(0xff, 0, 0, 0, 0), EXIT));
        elf.symbol("xdp_count", FUNC, GLOBAL, code, 0, 24);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfObjectReader.read("x.o", elf.build()));
        assertTrue(e.getMessage().startsWith("x.o: section xdp: program xdp_count: instruction 1 (ff 00"),
                e.getMessage());
    }

    @Test
    void versionMustBeFourBytes() {
        TestElf ok = new TestElf();
        int code = ok.section("kprobe/sys_write", PROGBITS, CODE, insns(MOV0, EXIT));
        ok.symbol("p", FUNC, GLOBAL, code, 0, 16);
        ok.section("version", PROGBITS, DATA, u32s(0x050a00));
        CollectionSpec spec = ElfObjectReader.read("v.o", ok.build());
        assertEquals(0x050a00, spec.kernelVersion().orElseThrow());
        assertEquals("sys_write", spec.programs().getFirst().attachTarget());

        TestElf bad = new TestElf();
        int code2 = bad.section("kprobe/sys_write", PROGBITS, CODE, insns(MOV0, EXIT));
        bad.symbol("p", FUNC, GLOBAL, code2, 0, 16);
        bad.section("version", PROGBITS, DATA, new byte[] {1, 2, 3});
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfObjectReader.read("v.o", bad.build()));
        assertTrue(e.getMessage().contains("invalid kernel version section of 3 bytes"), e.getMessage());
    }

    @Test
    void sectionsWithoutFunctionSymbolsAreOneProgramNamedAfterTheSection() {
        TestElf elf = new TestElf();
        elf.section("xdp_redirect", PROGBITS, CODE, insns(MOV0, EXIT));
        ProgramSpec p = ElfObjectReader.read("old.o", elf.build()).programs().getFirst();
        assertEquals("xdp_redirect", p.name());
        assertEquals(ProgramType.XDP, p.type());
    }

    @Test
    void truncatedAndForeignFilesAreRefused() {
        byte[] good = new TestElf().build();
        assertMessage(java.util.Arrays.copyOf(good, 20), "truncated ELF header");
        byte[] notBpf = good.clone();
        notBpf[18] = 62; // EM_X86_64
        assertMessage(notBpf, "not an eBPF object (e_machine 62");
        byte[] thirtyTwo = good.clone();
        thirtyTwo[4] = 1;
        assertMessage(thirtyTwo, "not a 64-bit ELF file");
        assertMessage(new byte[0], "truncated ELF header");
    }

    private static void assertMessage(byte[] bytes, String part) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfObjectReader.read("t.o", bytes));
        assertTrue(e.getMessage().startsWith("t.o: ") && e.getMessage().contains(part), e.getMessage());
    }

    private static byte[] concat32(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
