package io.splitbpf.core.elf;

import io.splitbpf.core.internal.btf.Btf;
import io.splitbpf.core.internal.btf.BtfType;
import io.splitbpf.core.internal.elf.ElfFile;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.internal.elf.ElfSymbol;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Reads BTF-defined maps (`SEC(".maps")`): each VAR of the `.maps` DATASEC is a map whose
/// attributes are encoded in the types of its struct's members, as libbpf's `bpf_helpers.h`
/// macros write them:
///
/// ```
///  __uint(name, val)    int (*name)[val]          -> PTR to ARRAY, the value is nelems
///  __type(name, T)      typeof(T) *name           -> PTR to T, the size is sizeof(T)
///  __array(name, D)     typeof(D) *name[]         -> ARRAY of PTR to an inner definition
///  __ulong(name, val)   enum { x = val } *name    -> PTR to ENUM(64), the value is its first
/// ```
/// Unknown members are ignored, like libbpf outside strict mode. Sizes that depend on the host
/// (a perf_event_array's 0 = "one per CPU", a ringbuf's page rounding) are left as written.
final class BtfMapReader {
    private final String object;
    private final Btf btf;

    private BtfMapReader(String object, Btf btf) {
        this.object = object;
        this.btf = btf;
    }

    /// The maps of `section` (`.maps`), in the DATASEC's order.
    static List<MapDef> read(ElfFile elf, ElfSection section, Optional<Btf> btf) {
        String object = elf.object();
        Btf types = btf.orElseThrow(() -> new ElfFormatException(object,
                "section .maps: BTF-defined maps need a .BTF section, and there is none"));
        BtfType.Datasec datasec = types.datasec(".maps").orElseThrow(() -> new ElfFormatException(object,
                "section .maps: BTF has no DATASEC named .maps"));
        BtfMapReader reader = new BtfMapReader(object, types);
        List<MapDef> out = new ArrayList<>();
        for (BtfType.SecVar v : datasec.vars()) {
            if (!(types.type(v.type()) instanceof BtfType.Var var)) {
                throw new ElfFormatException(object, "section .maps: DATASEC entry " + v.type() + " is not a VAR");
            }
            // clang leaves DATASEC offsets to the loader (libbpf's btf_fixup_datasec): the
            // variable's symbol says where it is.
            long offset = v.offset();
            long size = v.size();
            for (ElfSymbol sym : elf.symbols()) {
                if (sym.sectionIndex() == section.index() && sym.name().equals(var.name())
                        && sym.type() != ElfSymbol.STT_SECTION) {
                    offset = sym.value();
                    size = sym.size() != 0 ? sym.size() : size;
                }
            }
            if (offset < 0 || size < 0 || offset > section.size() || size > section.size() - offset) {
                throw new ElfFormatException(object, "map " + var.name() + ": offset " + Long.toUnsignedString(offset)
                        + " and size " + Long.toUnsignedString(size) + " lie outside section .maps ("
                        + section.size() + " bytes)");
            }
            Parsed p = reader.parse(var.name(), var.target(), false);
            out.add(new MapDef(p.spec(), section.index(), offset, size, p.valuesOffset()));
        }
        return out;
    }

    private record Parsed(MapSpec spec, long valuesOffset) {}

    /// The attributes collected from one definition struct.
    private static final class Attrs {
        long type = -1;
        long maxEntries;
        long flags;
        long numaNode;
        long pinning;
        long mapExtra;
        long keySize = -1;
        long valueSize = -1;
        Optional<String> keyType = Optional.empty();
        Optional<String> valueType = Optional.empty();
        Optional<MapSpec> inner = Optional.empty();
        long valuesOffset = -1;
    }

    private Parsed parse(String name, int typeId, boolean inner) {
        String what = inner ? "map " + name + ": inner map" : "map " + name;
        if (!(btf.type(btf.resolve(typeId)) instanceof BtfType.Composite def) || def.union()) {
            throw fail(what + ": definition is not a struct (" + btf.typeName(typeId) + ")");
        }
        Attrs a = new Attrs();
        for (BtfType.Member m : def.members()) {
            member(what, name, m, a, inner);
        }
        if (a.type < 0) {
            throw fail(what + ": map type isn't specified");
        }
        MapType type = MapType.ofId((int) a.type).orElseThrow(() -> fail(what + ": unknown map type " + a.type));
        if (a.valuesOffset >= 0 && !type.takesInitialSlots()) {
            throw fail(what + ": 'values' is only allowed for prog_array, array_of_maps and hash_of_maps, not "
                    + type.bpftoolName());
        }
        if (type.takesInitialSlots()) {
            if (a.valueSize >= 0 && a.valueSize != 4) {
                throw fail(what + ": value size " + a.valueSize + " of a " + type.bpftoolName() + " must be 4");
            }
            a.valueSize = 4;
        }
        MapSpec spec = new MapSpec(name, type, u31(what, "key size", Math.max(a.keySize, 0)),
                u31(what, "value size", Math.max(a.valueSize, 0)), u31(what, "max_entries", a.maxEntries),
                (int) a.flags, (int) a.pinning, (int) a.numaNode, a.mapExtra, a.inner, new byte[0], List.of(), false,
                a.keyType, a.valueType, inner ? MapOrigin.INNER : MapOrigin.BTF);
        return new Parsed(spec, a.valuesOffset);
    }

    private void member(String what, String name, BtfType.Member m, Attrs a, boolean inner) {
        String field = what + ": attribute '" + m.name() + "'";
        switch (m.name()) {
            case "type" -> a.type = intAttr(field, m.type());
            case "max_entries" -> a.maxEntries = intAttr(field, m.type());
            case "map_flags" -> a.flags = intAttr(field, m.type());
            case "numa_node" -> a.numaNode = intAttr(field, m.type());
            case "pinning" -> {
                a.pinning = intAttr(field, m.type());
                if (a.pinning != 0 && a.pinning != 1) {
                    throw fail(field + ": pinning " + a.pinning + " (only 0 = none and 1 = by name are valid)");
                }
            }
            case "map_extra" -> a.mapExtra = enumAttr(field, m.type());
            case "key_size" -> a.keySize = sizeAttr(field, a.keySize, intAttr(field, m.type()));
            case "value_size" -> a.valueSize = sizeAttr(field, a.valueSize, intAttr(field, m.type()));
            case "key" -> {
                int t = pointee(field, m.type());
                a.keySize = sizeAttr(field, a.keySize, btf.sizeOf(t));
                a.keyType = Optional.of(btf.typeName(t));
            }
            case "value" -> {
                int t = pointee(field, m.type());
                a.valueSize = sizeAttr(field, a.valueSize, btf.sizeOf(t));
                a.valueType = Optional.of(btf.typeName(t));
            }
            case "values" -> {
                if (inner) {
                    throw fail(field + ": multi-level inner maps are not supported");
                }
                a.valuesOffset = m.bitOffset() / 8;
                a.inner = innerDefinition(field, name, m.type());
            }
            default -> { } // libbpf ignores unknown members unless in strict mode
        }
    }

    /// `__array(values, D)`: an ARRAY of PTR to D; D is an inner map definition or, for a
    /// prog_array, a function prototype (no inner map).
    private Optional<MapSpec> innerDefinition(String field, String name, int typeId) {
        if (!(btf.type(btf.resolve(typeId)) instanceof BtfType.Array arr)) {
            throw fail(field + ": expected ARRAY, got " + btf.typeName(typeId));
        }
        if (!(btf.type(btf.resolve(arr.element())) instanceof BtfType.Ptr ptr)) {
            throw fail(field + ": expected an array of pointers, got " + btf.typeName(arr.element()));
        }
        BtfType target = btf.type(btf.resolve(ptr.target()));
        if (target instanceof BtfType.Composite) {
            return Optional.of(parse(name + ".inner", ptr.target(), true).spec());
        }
        return Optional.empty();
    }

    private long intAttr(String field, int typeId) {
        if (!(btf.type(btf.resolve(typeId)) instanceof BtfType.Ptr ptr)) {
            throw fail(field + ": expected PTR, got " + btf.typeName(typeId));
        }
        if (!(btf.type(btf.resolve(ptr.target())) instanceof BtfType.Array arr)) {
            throw fail(field + ": expected ARRAY, got " + btf.typeName(ptr.target()));
        }
        return arr.count();
    }

    private long enumAttr(String field, int typeId) {
        if (!(btf.type(btf.resolve(typeId)) instanceof BtfType.Ptr ptr)) {
            throw fail(field + ": expected PTR, got " + btf.typeName(typeId));
        }
        if (!(btf.type(btf.resolve(ptr.target())) instanceof BtfType.Enum e) || e.values().isEmpty()) {
            throw fail(field + ": expected an enum with a value, got " + btf.typeName(ptr.target()));
        }
        return e.values().getFirst();
    }

    private int pointee(String field, int typeId) {
        if (!(btf.type(btf.resolve(typeId)) instanceof BtfType.Ptr ptr)) {
            throw fail(field + ": expected PTR, got " + btf.typeName(typeId));
        }
        return ptr.target();
    }

    private long sizeAttr(String field, long previous, long size) {
        if (previous >= 0 && previous != size) {
            throw fail(field + ": conflicting size " + previous + " != " + size);
        }
        return size;
    }

    private int u31(String what, String attr, long value) {
        if (value > Integer.MAX_VALUE) {
            throw fail(what + ": " + attr + " " + value + " is too large");
        }
        return (int) value;
    }

    private ElfFormatException fail(String detail) {
        return new ElfFormatException(object, detail);
    }
}
