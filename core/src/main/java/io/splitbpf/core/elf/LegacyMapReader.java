package io.splitbpf.core.elf;

import io.splitbpf.core.internal.elf.ByteView;
import io.splitbpf.core.internal.elf.ElfFile;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.internal.elf.ElfSymbol;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/// Reads legacy map definitions, the `struct bpf_map_def` array in section `maps` (or `maps/<name>`,
/// one section per map, as some older objects have) that objects
/// from before libbpf 1.0 use (kernel `samples/bpf`, iproute2, old Cilium):
///
/// ```
///  u32 type | u32 key_size | u32 value_size | u32 max_entries | u32 map_flags     (20 bytes)
///  [| u32 inner_map_idx | u32 numa_node | ...]                                  (samples/bpf)
/// ```
/// Each map is a symbol in the section; like old libbpf, the record size is the section size
/// divided by the number of map symbols, so larger (newer or tool-specific) records load too.
/// iproute2's `bpf_elf_map` puts `id` and `pinning` where samples/bpf has `inner_map_idx` and
/// `numa_node`; to tell them apart, `inner_map_idx` is only read for map-in-map types and
/// `numa_node` only when `map_flags` has `BPF_F_NUMA_NODE`, as the kernel requires anyway.
final class LegacyMapReader {
    private static final int MIN_RECORD = 20;

    private LegacyMapReader() {}

    /// One definition before it becomes a spec.
    private record Raw(String name, long[] fields, int section, long offset, long size) {}

    /// The maps of `sections` (`maps`, `maps/<name>`), by section, then offset. An
    /// `inner_map_idx` counts over all of them, as samples/bpf's loader numbered maps.
    static List<MapDef> read(ElfFile elf, List<ElfSection> sections) {
        List<Raw> raws = new ArrayList<>();
        for (ElfSection section : sections) {
            raws.addAll(records(elf, section));
        }
        List<MapDef> out = new ArrayList<>();
        for (Raw r : raws) {
            MapSpec spec = spec(elf.object(), r, raws, 0);
            out.add(new MapDef(spec, r.section(), r.offset(), r.size(), -1));
        }
        return out;
    }

    private static List<Raw> records(ElfFile elf, ElfSection section) {
        String object = elf.object();
        List<ElfSymbol> symbols = new ArrayList<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.sectionIndex() == section.index() && s.type() != ElfSymbol.STT_SECTION && !s.name().isEmpty()) {
                symbols.add(s);
            }
        }
        if (symbols.isEmpty()) {
            if (section.size() == 0) {
                return List.of();
            }
            throw new ElfFormatException(object, section.label() + ": " + section.size() + " bytes but no map symbols");
        }
        symbols.sort(Comparator.comparingLong(ElfSymbol::value).thenComparingInt(ElfSymbol::index));
        long recordSize = section.size() / symbols.size();
        if (section.size() % symbols.size() != 0 || recordSize < MIN_RECORD) {
            throw new ElfFormatException(object, section.label() + ": size " + section.size() + " does not hold "
                    + symbols.size() + " map definitions of at least 20 bytes each");
        }
        ByteView data = section.data();
        List<Raw> out = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (s.value() % recordSize != 0 || Long.compareUnsigned(s.value(), section.size()) >= 0) {
                throw new ElfFormatException(object, "map " + s.label() + ": offset " + Long.toUnsignedString(s.value())
                        + " is not the start of a " + recordSize + "-byte map definition in " + section.label());
            }
            long[] fields = new long[(int) Math.min(recordSize / 4, 7)];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = data.u32(s.value() + 4L * i);
            }
            out.add(new Raw(s.name(), fields, section.index(), s.value(), recordSize));
        }
        return out;
    }

    private static MapSpec spec(String object, Raw raw, List<Raw> all, int depth) {
        String what = "map " + raw.name();
        long[] f = raw.fields();
        MapType type = MapType.ofId((int) f[0])
                .filter(_ -> f[0] <= Integer.MAX_VALUE)
                .orElseThrow(() -> new ElfFormatException(object, what + ": unknown map type " + f[0]));
        for (int i = 1; i < 4; i++) {
            if (f[i] > Integer.MAX_VALUE) {
                throw new ElfFormatException(object, what + ": size field " + i + " (" + f[i] + ") is too large");
            }
        }
        int flags = (int) f[4];
        Optional<MapSpec> inner = Optional.empty();
        if (type.isMapOfMaps() && f.length > 5) {
            long idx = f[5];
            if (idx >= all.size() || all.get((int) idx) == raw) {
                throw new ElfFormatException(object, what + ": inner map index " + idx + " is not another legacy map ("
                        + all.size() + " maps)");
            }
            if (depth > 0) {
                throw new ElfFormatException(object, what + ": multi-level inner maps are not supported");
            }
            inner = Optional.of(spec(object, all.get((int) idx), all, depth + 1));
        }
        int numaNode = f.length > 6 && (flags & MapSpec.F_NUMA_NODE) != 0 ? (int) f[6] : 0;
        return new MapSpec(raw.name(), type, (int) f[1], (int) f[2], (int) f[3], flags, 0, numaNode, 0, inner,
                new byte[0], List.of(), false, Optional.empty(), Optional.empty(),
                depth == 0 ? MapOrigin.LEGACY : MapOrigin.INNER);
    }
}
