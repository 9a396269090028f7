package io.splitbpf.core.elf;

import io.splitbpf.core.elf.CodeSection.FunctionSym;
import io.splitbpf.core.internal.elf.ElfFile;
import io.splitbpf.core.internal.elf.ElfRelocation;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.internal.elf.ElfSymbol;
import io.splitbpf.core.spec.MapSlot;
import io.splitbpf.core.spec.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// Initial entries of BTF-defined prog_arrays and maps of maps, from the relocations of
/// `.maps` (`.rel.maps`): `.values = { [2] = &prog }` leaves a relocation against `prog` at
/// `values` + 2 × 8 inside the map's definition (libbpf's `init_prog_array_slots` and
/// `bpf_object__collect_map_relos`).
final class InitialSlots {
    private InitialSlots() {}

    static List<MapDef> apply(ElfFile elf, List<MapDef> maps, List<FunctionSym> programs) {
        Optional<ElfSection> section = elf.section(".maps");
        if (section.isEmpty() || !elf.hasRelocations(section.get().index())) {
            return maps;
        }
        int index = section.get().index();
        Map<Integer, TreeMap<Integer, String>> slots = new TreeMap<>();
        for (ElfRelocation r : elf.relocationsFor(index)) {
            int def = definitionAt(maps, index, r.offset());
            String where = "section .maps: relocation against " + r.symbol().label() + " at offset " + r.offset();
            if (def < 0) {
                throw elf.fail(where + ": not inside any map definition");
            }
            MapDef m = maps.get(def);
            long rel = r.offset() - m.offset() - m.valuesOffset();
            if (m.valuesOffset() < 0 || rel < 0 || rel % 8 != 0) {
                throw elf.fail(where + ": map " + m.spec().name() + " has no 'values' slot there");
            }
            long slot = rel / 8;
            if (slot >= m.spec().maxEntries()) {
                throw elf.fail(where + ": map " + m.spec().name() + " slot [" + slot + "] out of bounds ("
                        + m.spec().maxEntries() + ")");
            }
            String target = m.spec().type() == MapType.PROG_ARRAY
                    ? programName(elf, where, r.symbol(), programs)
                    : mapName(elf, where, r.symbol(), maps, index);
            slots.computeIfAbsent(def, _ -> new TreeMap<>()).put((int) slot, target);
        }
        List<MapDef> out = new ArrayList<>(maps);
        slots.forEach((def, entries) -> {
            List<MapSlot> list = entries.entrySet().stream().map(e -> new MapSlot(e.getKey(), e.getValue())).toList();
            out.set(def, out.get(def).withSpec(out.get(def).spec().withInitialSlots(list)));
        });
        return out;
    }

    private static int definitionAt(List<MapDef> maps, int section, long offset) {
        for (int i = 0; i < maps.size(); i++) {
            MapDef m = maps.get(i);
            if (m.section() == section && offset >= m.offset() && offset - m.offset() < m.size()) {
                return i;
            }
        }
        return -1;
    }

    private static String programName(ElfFile elf, String where, ElfSymbol sym, List<FunctionSym> programs) {
        for (FunctionSym p : programs) {
            if (p.section() == sym.sectionIndex() && (long) p.start() * 8 == sym.value()) {
                return p.name();
            }
        }
        throw elf.fail(where + ": symbol is not a program");
    }

    private static String mapName(ElfFile elf, String where, ElfSymbol sym, List<MapDef> maps, int section) {
        for (MapDef m : maps) {
            if (m.section() == section && sym.sectionIndex() == section && m.offset() == sym.value()) {
                return m.spec().name();
            }
        }
        throw elf.fail(where + ": symbol is not a map of section .maps");
    }
}
