package io.splitbpf.core.elf;

import io.splitbpf.core.NotSupportedException;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import java.util.List;
import java.util.Optional;

/// Global data: each non-empty `.data`, `.rodata`, `.bss` section (and their `.name` variants,
/// such as clang's `.rodata.str1.1`) becomes a one-entry array map whose value is the section,
/// as libbpf's `bpf_object__init_internal_map` does: key size 4, value size = section size,
/// max_entries 1, initial value = the section's bytes (zeros for `.bss`). `.rodata*` maps are
/// `BPF_F_RDONLY_PROG` and frozen.
///
/// The map is named after the section (`.rodata`, `.data.foo`). libbpf prefixes up to 8
/// characters of the object name (`minimal_.bss`) to make kernel-wide names unique; a spec
/// keeps the plain section name and leaves such naming to whoever creates the maps. libbpf's
/// `BPF_F_MMAPABLE` is likewise a host decision and not set here.
final class GlobalDataMaps {
    /// The largest global-data section accepted (a `.bss` has no bytes in the file to bound it).
    static final long MAX_VALUE_SIZE = 8L << 20;

    private GlobalDataMaps() {}

    /// Whether `name` is a global-data section name.
    static boolean isDataSection(String name) {
        for (String base : List.of(".data", ".rodata", ".bss")) {
            if (name.equals(base) || name.startsWith(base + ".")) {
                return true;
            }
        }
        return false;
    }

    /// Whether `name` is a section libbpf turns into a map that splitbpf does not support.
    static void refuseUnsupported(String object, ElfSection section) {
        String name = section.name();
        if (name.equals(".struct_ops") || name.startsWith(".struct_ops.")) {
            throw new NotSupportedException("struct_ops", object + ": section " + name
                    + ": struct_ops maps are not supported");
        }
        if (name.equals(".addr_space.1")) {
            throw new NotSupportedException("arena", object + ": section " + name
                    + ": arena global variables are not supported");
        }
    }

    /// The map for `section`, or empty when the section is empty.
    static Optional<MapDef> read(String object, ElfSection section) {
        if (section.size() == 0) {
            return Optional.empty();
        }
        if (section.size() > MAX_VALUE_SIZE) {
            throw new ElfFormatException(object, "section " + section.name() + ": size " + section.size()
                    + " exceeds the 8 MiB limit on a global-data map");
        }
        boolean bss = section.type() == ElfSection.SHT_NOBITS;
        if (!bss && section.type() != ElfSection.SHT_PROGBITS) {
            throw new ElfFormatException(object, "section " + section.name() + ": global data must be PROGBITS or "
                    + "NOBITS, not section type " + section.type());
        }
        boolean readOnly = section.name().startsWith(".rodata");
        byte[] initial = bss ? new byte[(int) section.size()] : section.data().bytes();
        MapSpec spec = new MapSpec(section.name(), MapType.ARRAY, 4, (int) section.size(), 1,
                readOnly ? MapSpec.F_RDONLY_PROG : 0, 0, 0, 0, Optional.empty(), initial, List.of(), readOnly,
                Optional.empty(), Optional.empty(), MapOrigin.GLOBAL_DATA);
        return Optional.of(new MapDef(spec, section.index(), 0, section.size(), -1));
    }
}
