package io.splitbpf.core.elf;

import io.splitbpf.core.elf.CodeSection.FunctionSym;
import io.splitbpf.core.internal.elf.ElfFile;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.internal.elf.ElfSymbol;
import io.splitbpf.core.isa.RawInsn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/// Finds the functions of an executable section (libbpf's `bpf_object__add_programs`): every
/// `STT_FUNC` symbol defined in it, at `st_value / 8`, `st_size / 8` slots long. Objects from
/// older compilers have no `STT_FUNC` symbols: then every global symbol in the section starts a
/// function that runs to the next one, and a section without any symbol is one function named
/// after the section (as old libbpf and PREVAIL load them).
final class Functions {
    private Functions() {}

    static List<FunctionSym> discover(ElfFile elf, ElfSection section) {
        List<ElfSymbol> candidates = symbols(elf, section, true);
        if (candidates.isEmpty()) {
            candidates = symbols(elf, section, false);
        }
        int slots = (int) (section.size() / RawInsn.SIZE);
        if (candidates.isEmpty()) {
            return List.of(new FunctionSym(section.name(), section.index(), 0, slots, true));
        }
        candidates.sort(Comparator.comparingLong(ElfSymbol::value).thenComparingInt(ElfSymbol::index));
        List<FunctionSym> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ElfSymbol s = candidates.get(i);
            if (i > 0 && candidates.get(i - 1).value() == s.value()) {
                continue;
            }
            if (s.value() % RawInsn.SIZE != 0 || Long.compareUnsigned(s.value(), section.size()) >= 0) {
                throw elf.fail(section.label() + ": function " + s.label() + " at offset "
                        + Long.toUnsignedString(s.value()) + " is not an instruction of the section");
            }
            int start = (int) (s.value() / RawInsn.SIZE);
            int next = i + 1 < candidates.size() ? (int) (candidates.get(i + 1).value() / RawInsn.SIZE) : slots;
            int end = next;
            if (s.type() == ElfSymbol.STT_FUNC && s.size() != 0) {
                if (s.size() % RawInsn.SIZE != 0 || Long.compareUnsigned(s.size(), section.size() - s.value()) > 0) {
                    throw elf.fail(section.label() + ": function " + s.label() + " has size "
                            + Long.toUnsignedString(s.size()) + ", which does not fit the section at offset "
                            + s.value());
                }
                end = start + (int) (s.size() / RawInsn.SIZE);
            }
            if (end <= start) {
                continue;
            }
            out.add(new FunctionSym(s.name(), section.index(), start, end, s.bind() != ElfSymbol.STB_LOCAL));
        }
        if (out.isEmpty()) {
            throw elf.fail(section.label() + ": no function symbol has any instructions");
        }
        return out;
    }

    private static List<ElfSymbol> symbols(ElfFile elf, ElfSection section, boolean functions) {
        List<ElfSymbol> out = new ArrayList<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.sectionIndex() != section.index() || s.name().isEmpty()) {
                continue;
            }
            boolean match = functions ? s.type() == ElfSymbol.STT_FUNC
                    : s.type() == ElfSymbol.STT_NOTYPE && s.bind() != ElfSymbol.STB_LOCAL;
            if (match) {
                out.add(s);
            }
        }
        return out;
    }
}
