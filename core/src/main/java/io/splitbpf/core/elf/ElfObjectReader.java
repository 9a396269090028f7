package io.splitbpf.core.elf;

import io.splitbpf.core.elf.CodeSection.FunctionSym;
import io.splitbpf.core.internal.btf.Btf;
import io.splitbpf.core.internal.btf.BtfExt;
import io.splitbpf.core.internal.btf.BtfReader;
import io.splitbpf.core.internal.elf.ElfFile;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.isa.RawInsn;
import io.splitbpf.core.spec.BtfSummary;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.ProgramSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/// Reads an eBPF ELF object, as `clang -target bpf -O2 -g` writes it with libbpf's headers,
/// into a [CollectionSpec], following libbpf's conventions (see `SectionNames`, the map
/// readers, `Relocations` and `ProgramLinker` for each step).
///
/// Every malformed input is an [ElfFormatException] whose message names the object and what is
/// wrong; a well-formed object that uses something splitbpf does not support (kfuncs, `.kconfig`
/// and `.ksyms` externs, struct_ops maps, arenas) is a [NotSupportedException]. Reading is
/// pure: the same bytes give an equal spec. DWARF, `.BTF` relocations, `.llvm_addrsig` and
/// CO-RE relocations are ignored, as libbpf does (CO-RE: see `BtfExt`).
public final class ElfObjectReader {
    /// The largest object file [#read(Path)] accepts.
    public static final long MAX_FILE_SIZE = 256L << 20;
    /// The most instructions all linked programs of one object may have together (each
    /// program appends the subprograms it calls, so this bounds the work on hostile inputs).
    public static final long MAX_TOTAL_SLOTS = 4_000_000;

    private ElfObjectReader() {}

    /// Reads the object at `path`; its file name names it in messages.
    public static CollectionSpec read(Path path) throws IOException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            throw new ElfFormatException(path.toString(), "is a directory, not an object file");
        }
        long size = Files.size(path);
        if (size > MAX_FILE_SIZE) {
            throw new ElfFormatException(name, "file is " + size + " bytes, larger than the 256 MiB limit");
        }
        return read(name, Files.readAllBytes(path));
    }

    /// Reads the object `bytes`, called `name` in messages.
    public static CollectionSpec read(String name, byte[] bytes) {
        ElfFile elf = ElfFile.parse(name, bytes);
        Optional<Btf> btf = elf.section(".BTF").map(s -> BtfReader.read(s.data()));
        BtfExt ext = btf.isPresent() && elf.section(".BTF.ext").isPresent()
                ? BtfExt.read(elf.section(".BTF.ext").orElseThrow().data(), btf.get()) : BtfExt.empty();
        String license = license(elf);
        OptionalLong version = kernelVersion(elf);

        List<MapDef> maps = readMaps(elf, btf);
        Map<Integer, CodeSection> code = readCode(elf, maps, btf);
        checkExtInfo(elf, ext);
        List<FunctionSym> mains = mainFunctions(code);
        maps = InitialSlots.apply(elf, maps, mains);

        ProgramLinker linker = new ProgramLinker(name, code, ext);
        List<ProgramSpec> programs = new ArrayList<>();
        long total = 0;
        for (FunctionSym main : mains) {
            String section = code.get(main.section()).section().name();
            ProgramSpec p = linker.link(main, SectionNames.classify(section), license);
            total += p.insns().slotCount();
            if (total > MAX_TOTAL_SLOTS) {
                throw elf.fail("the linked programs exceed " + MAX_TOTAL_SLOTS + " instructions in total");
            }
            programs.add(p);
        }
        List<MapSpec> specs = maps.stream().map(MapDef::spec).toList();
        Optional<BtfSummary> summary = btf.map(b -> new BtfSummary(b.typeCount(), b.stringBytes(),
                !ext.funcInfo().isEmpty(), !ext.lineInfo().isEmpty()));
        return new CollectionSpec(name, programs, specs, license, version, summary);
    }

    private static String license(ElfFile elf) {
        return elf.section("license").map(s -> {
            byte[] b = s.data().bytes();
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        }).orElse("");
    }

    private static OptionalLong kernelVersion(ElfFile elf) {
        Optional<ElfSection> s = elf.section("version");
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        if (s.get().size() != 4) {
            throw elf.fail("section version: invalid kernel version section of " + s.get().size()
                    + " bytes (expected 4)");
        }
        return OptionalLong.of(s.get().data().u32(0));
    }

    /// BTF-defined maps, then legacy maps, then global data in section order.
    private static List<MapDef> readMaps(ElfFile elf, Optional<Btf> btf) {
        List<MapDef> btfMaps = new ArrayList<>();
        List<ElfSection> legacy = new ArrayList<>();
        List<MapDef> data = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            GlobalDataMaps.refuseUnsupported(elf.object(), s);
            if (s.name().equals(".maps")) {
                btfMaps.addAll(BtfMapReader.read(elf, s, btf));
            } else if (s.name().equals("maps") || s.name().startsWith("maps/")) {
                legacy.add(s);
            } else if (GlobalDataMaps.isDataSection(s.name())
                    && (s.type() == ElfSection.SHT_PROGBITS || s.type() == ElfSection.SHT_NOBITS)) {
                GlobalDataMaps.read(elf.object(), s).ifPresent(data::add);
            }
        }
        List<MapDef> all = new ArrayList<>(btfMaps);
        all.addAll(LegacyMapReader.read(elf, legacy));
        all.addAll(data);
        TreeMap<String, MapDef> byName = new TreeMap<>();
        for (MapDef m : all) {
            if (byName.put(m.spec().name(), m) != null) {
                throw elf.fail("two maps are called " + m.spec().name());
            }
        }
        return all;
    }

    /// Function and line info must point at instructions of executable sections, line info in
    /// ascending order (the kernel refuses anything else when the program is loaded).
    private static void checkExtInfo(ElfFile elf, BtfExt ext) {
        ext.funcInfo().forEach((name, records) -> {
            ElfSection s = extSection(elf, name, "func_info");
            for (BtfExt.FuncInfo f : records) {
                checkExtOffset(elf, s, "func_info", f.insnOffset());
            }
        });
        ext.lineInfo().forEach((name, records) -> {
            ElfSection s = extSection(elf, name, "line_info");
            long previous = -1;
            for (BtfExt.LineInfo l : records) {
                checkExtOffset(elf, s, "line_info", l.insnOffset());
                if (l.insnOffset() < previous) {
                    throw elf.fail("BTF.ext: line_info for " + s.label() + ": instruction offset " + l.insnOffset()
                            + " comes after offset " + previous);
                }
                previous = l.insnOffset();
            }
        });
    }

    private static ElfSection extSection(ElfFile elf, String name, String what) {
        return elf.section(name).filter(ElfSection::executable).orElseThrow(() -> elf.fail("BTF.ext: " + what
                + " names section " + name + ", which is not an executable section of the object"));
    }

    private static void checkExtOffset(ElfFile elf, ElfSection s, String what, long offset) {
        if (offset % RawInsn.SIZE != 0 || offset >= s.size()) {
            throw elf.fail("BTF.ext: " + what + " for " + s.label() + ": instruction offset " + offset
                    + " is not an instruction of the section (" + s.size() + " bytes)");
        }
    }

    private static Map<Integer, CodeSection> readCode(ElfFile elf, List<MapDef> maps, Optional<Btf> btf) {
        Relocations relocations = new Relocations(elf, maps, btf);
        Map<Integer, CodeSection> out = new TreeMap<>();
        for (ElfSection s : elf.sections()) {
            if (!s.executable() || s.size() == 0) {
                continue;
            }
            if (s.size() % RawInsn.SIZE != 0) {
                throw elf.fail(s.label() + ": size " + s.size() + " is not a multiple of 8 bytes");
            }
            RawInsn[] slots = CodeSection.readSlots(s.data());
            var targets = relocations.apply(s, slots);
            out.put(s.index(), new CodeSection(s, List.of(slots), targets, Functions.discover(elf, s)));
        }
        return out;
    }

    /// The functions that are programs: every function outside `.text`; `.text` functions only
    /// when no other section has any (objects built without `SEC()`), and then the global ones
    /// (all of them if none is global). Otherwise `.text` holds subprograms, as in libbpf.
    private static List<FunctionSym> mainFunctions(Map<Integer, CodeSection> code) {
        List<FunctionSym> out = new ArrayList<>();
        CodeSection text = null;
        for (CodeSection c : code.values()) {
            if (c.section().name().equals(".text")) {
                text = c;
            } else {
                out.addAll(c.functions());
            }
        }
        if (out.isEmpty() && text != null) {
            List<FunctionSym> global = text.functions().stream()
                    .filter(FunctionSym::global).toList();
            out.addAll(global.isEmpty() ? text.functions() : global);
        }
        return out;
    }
}
