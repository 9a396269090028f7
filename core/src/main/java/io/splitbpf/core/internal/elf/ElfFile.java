package io.splitbpf.core.internal.elf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/// The parsed structure of a 64-bit relocatable ELF file for `EM_BPF`: section headers, the
/// symbol table and the `SHT_REL` (and old LLVM's `SHT_RELA`) relocations grouped by the section
/// they patch. Either byte order is accepted; [ByteView]s carry it.
///
/// ```
///  ELF64 header (64 bytes)          section header (64 bytes)       symbol (24 bytes)
///  0  e_ident[16] 7f 'E' 'L' 'F'    0  sh_name   u32                0  st_name  u32
///     [4] class 2 = 64-bit          4  sh_type   u32                4  st_info  u8 (bind<<4|type)
///     [5] data 1 = LE, 2 = BE       8  sh_flags  u64                5  st_other u8 (visibility)
///  16 e_type u16 (1 = ET_REL)       24 sh_offset u64                6  st_shndx u16
///  18 e_machine u16 (247 = EM_BPF)  32 sh_size   u64                8  st_value u64
///  40 e_shoff u64                   40 sh_link   u32                16 st_size  u64
///  58 e_shentsize u16, 60 e_shnum   44 sh_info   u32
///  62 e_shstrndx u16                56 sh_entsize u64
///
///  Elf64_Rel (16 bytes)             Elf64_Rela (24 bytes)
///  0  r_offset u64                  0  r_offset u64
///  8  r_info   u64 (sym<<32|type)   8  r_info   u64
///                                   16 r_addend s64
/// ```
public final class ElfFile {
    public static final int EM_BPF = 247;
    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;
    private static final int REL_SIZE = 16;
    private static final int RELA_SIZE = 24;

    private final ByteView file;
    private final List<ElfSection> sections;
    private final List<ElfSymbol> symbols;
    private final Map<Integer, List<ElfRelocation>> relocations;

    private ElfFile(ByteView file, List<ElfSection> sections, List<ElfSymbol> symbols,
            Map<Integer, List<ElfRelocation>> relocations) {
        this.file = file;
        this.sections = sections;
        this.symbols = symbols;
        this.relocations = relocations;
    }

    /// Parses the headers, symbols and relocations of `bytes`.
    public static ElfFile parse(String object, byte[] bytes) {
        ByteView raw = ByteView.of(object, "the file", bytes);
        ByteView file = checkIdent(raw);
        if (file.u16(16) != 1) {
            throw file.fail("not a relocatable object (e_type " + file.u16(16) + ", expected 1 = ET_REL)");
        }
        // Old LLVM releases wrote EM_NONE; libbpf accepts both.
        if (file.u16(18) != EM_BPF && file.u16(18) != 0) {
            throw file.fail("not an eBPF object (e_machine " + file.u16(18) + ", expected 247 = EM_BPF)");
        }
        List<ElfSection> sections = readSections(file);
        List<ElfSymbol> symbols = readSymbols(file, sections);
        Map<Integer, List<ElfRelocation>> relocations = readRelocations(sections, symbols);
        return new ElfFile(file, sections, symbols, relocations);
    }

    private static ByteView checkIdent(ByteView raw) {
        if (raw.length() < EHDR_SIZE) {
            throw raw.fail("truncated ELF header (" + raw.length() + " bytes, need 64)");
        }
        if (raw.u8(0) != 0x7f || raw.u8(1) != 'E' || raw.u8(2) != 'L' || raw.u8(3) != 'F') {
            throw raw.fail("not an ELF file (bad magic)");
        }
        if (raw.u8(4) != 2) {
            throw raw.fail("not a 64-bit ELF file (class " + raw.u8(4) + ")");
        }
        return switch (raw.u8(5)) {
            case 1 -> raw.withOrder(ByteOrder.LITTLE_ENDIAN);
            case 2 -> raw.withOrder(ByteOrder.BIG_ENDIAN);
            default -> throw raw.fail("unknown ELF data encoding " + raw.u8(5));
        };
    }

    private static List<ElfSection> readSections(ByteView file) {
        long shoff = file.u64(40);
        int shentsize = file.u16(58);
        long shnum = file.u16(60);
        int shstrndx = file.u16(62);
        if (shoff == 0) {
            throw file.fail("no section header table");
        }
        if (shentsize != SHDR_SIZE) {
            throw file.fail("section header size " + shentsize + " (expected 64)");
        }
        ByteView first = file.slice(shoff, SHDR_SIZE, "section header 0");
        if (shnum == 0) {
            shnum = first.u64(32); // extended numbering: the count is in section 0's sh_size
        }
        if (shstrndx == 0xffff) {
            shstrndx = (int) first.u32(40);
        }
        if (shnum > file.length() / SHDR_SIZE) {
            throw file.fail("section count " + shnum + " is larger than the file allows");
        }
        ByteView table = file.slice(shoff, shnum * SHDR_SIZE, "the section header table");
        if (shstrndx <= 0 || shstrndx >= shnum) {
            throw file.fail("section name table index " + shstrndx + " is out of range (" + shnum + " sections)");
        }
        ByteView names = sectionData(file, table, shstrndx, "section name table");
        List<ElfSection> out = new ArrayList<>((int) shnum);
        for (int i = 0; i < shnum; i++) {
            long h = (long) i * SHDR_SIZE;
            int type = (int) table.u32(h + 4);
            String name = i == 0 ? "" : names.cString(table.u32(h), "name of section #" + i);
            ByteView data = type == ElfSection.SHT_NOBITS || i == 0
                    ? file.slice(0, 0, name) : sectionData(file, table, i, name.isEmpty() ? "section #" + i : "section " + name);
            out.add(new ElfSection(i, name, type, table.u64(h + 8), table.u64(h + 32), (int) table.u32(h + 40),
                    (int) table.u32(h + 44), table.u64(h + 56), data));
        }
        return Collections.unmodifiableList(out);
    }

    private static ByteView sectionData(ByteView file, ByteView table, int index, String what) {
        long h = (long) index * SHDR_SIZE;
        if (table.u32(h + 4) == ElfSection.SHT_NOBITS) {
            throw file.fail(what + " has no bytes in the file (SHT_NOBITS)");
        }
        return file.slice(table.u64(h + 24), table.u64(h + 32), what);
    }

    private static List<ElfSymbol> readSymbols(ByteView file, List<ElfSection> sections) {
        ElfSection symtab = null;
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_SYMTAB) {
                if (symtab != null) {
                    throw file.fail("more than one symbol table (" + symtab.label() + ", " + s.label() + ")");
                }
                symtab = s;
            }
        }
        if (symtab == null) {
            return List.of();
        }
        if (symtab.entrySize() != SYM_SIZE || symtab.size() % SYM_SIZE != 0) {
            throw file.fail(symtab.label() + ": symbol entry size " + symtab.entrySize() + " and size "
                    + symtab.size() + " (expected 24-byte entries)");
        }
        if (symtab.link() <= 0 || symtab.link() >= sections.size()
                || sections.get(symtab.link()).type() != ElfSection.SHT_STRTAB) {
            throw file.fail(symtab.label() + ": link " + Integer.toUnsignedString(symtab.link())
                    + " is not a string table");
        }
        ByteView strings = sections.get(symtab.link()).data();
        ByteView data = symtab.data();
        int count = (int) (symtab.size() / SYM_SIZE);
        List<ElfSymbol> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long e = (long) i * SYM_SIZE;
            int info = data.u8(e + 4);
            int shndx = data.u16(e + 6);
            if (shndx != 0 && shndx < ElfSymbol.SHN_LORESERVE && shndx >= sections.size()) {
                throw file.fail("symbol #" + i + ": section index " + shndx + " is out of range ("
                        + sections.size() + " sections)");
            }
            String name = data.u32(e) == 0 ? "" : strings.cString(data.u32(e), "name of symbol #" + i);
            out.add(new ElfSymbol(i, name, info & 0xf, info >>> 4, data.u8(e + 5) & 0x3, shndx, data.u64(e + 8),
                    data.u64(e + 16)));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<Integer, List<ElfRelocation>> readRelocations(List<ElfSection> sections,
            List<ElfSymbol> symbols) {
        Map<Integer, List<ElfRelocation>> out = new TreeMap<>();
        for (ElfSection s : sections) {
            boolean rela = s.type() == ElfSection.SHT_RELA;
            if (s.type() != ElfSection.SHT_REL && !rela) {
                continue;
            }
            ByteView data = s.data();
            int entry = rela ? RELA_SIZE : REL_SIZE;
            if (s.info() <= 0 || s.info() >= sections.size()) {
                throw data.fail(s.label() + ": target section index " + Integer.toUnsignedString(s.info())
                        + " is out of range");
            }
            if (s.size() % entry != 0) {
                throw data.fail(s.label() + ": size " + s.size() + " is not a multiple of " + entry);
            }
            String target = sections.get(s.info()).name();
            if (!s.name().equals((rela ? ".rela" : ".rel") + target)) {
                // LLVM names every relocation section after the section it patches; a mismatch
                // means a corrupted header (a renamed section or a wrong sh_info).
                throw data.fail(s.label() + ": relocates section " + (target.isEmpty() ? "#" + s.info() : target)
                        + ", but its name says otherwise");
            }
            List<ElfRelocation> list = out.computeIfAbsent(s.info(), _ -> new ArrayList<>());
            for (long e = 0; e < s.size(); e += entry) {
                long info = data.u64(e + 8);
                long sym = info >>> 32;
                if (sym >= symbols.size()) {
                    throw data.fail(s.label() + ": relocation " + (e / entry) + " refers to symbol #" + sym
                            + " (" + symbols.size() + " symbols)");
                }
                OptionalLong addend = rela ? OptionalLong.of(data.u64(e + 16)) : OptionalLong.empty();
                list.add(new ElfRelocation(data.u64(e), (int) info, symbols.get((int) sym), addend));
            }
        }
        out.replaceAll((_, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    public String object() {
        return file.object();
    }

    public boolean bigEndian() {
        return file.bigEndian();
    }

    public List<ElfSection> sections() {
        return sections;
    }

    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /// The section called `name` (the first, if several are).
    public Optional<ElfSection> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /// The relocations that patch section `index`, in file order.
    public List<ElfRelocation> relocationsFor(int index) {
        return relocations.getOrDefault(index, List.of());
    }

    /// Whether some relocation section patches section `index`.
    public boolean hasRelocations(int index) {
        return relocations.containsKey(index);
    }

    /// The section a symbol is defined in, if it is an ordinary section index.
    public Optional<ElfSection> sectionOf(ElfSymbol symbol) {
        int i = symbol.sectionIndex();
        return i > 0 && i < sections.size() ? Optional.of(sections.get(i)) : Optional.empty();
    }

    /// An error about this object.
    public io.splitbpf.core.elf.ElfFormatException fail(String detail) {
        return file.fail(detail);
    }
}
