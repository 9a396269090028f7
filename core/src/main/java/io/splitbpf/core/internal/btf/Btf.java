package io.splitbpf.core.internal.btf;

import io.splitbpf.core.elf.ElfFormatException;
import io.splitbpf.core.internal.elf.ByteView;
import java.util.List;
import java.util.Optional;

/// The types and strings of an object's `.BTF` section. Every walk over the type graph is
/// depth-capped ([#MAX_DEPTH], libbpf's `MAX_RESOLVE_DEPTH`), so a cyclic graph in a malformed
/// object is an error and never a hang or a stack overflow.
public final class Btf {
    /// The deepest chain of modifiers, pointers and arrays followed before giving up.
    public static final int MAX_DEPTH = 32;

    private final List<BtfType> types;
    private final ByteView strings;

    Btf(List<BtfType> types, ByteView strings) {
        this.types = List.copyOf(types);
        this.strings = strings;
    }

    /// The number of types, `void` excluded.
    public int typeCount() {
        return types.size() - 1;
    }

    /// The size of the string table.
    public int stringBytes() {
        return strings.length();
    }

    /// The string at `offset` of the string table.
    public String string(long offset, String role) {
        return strings.cString(offset, "BTF: " + role);
    }

    /// The type with id `id`.
    public BtfType type(int id) {
        if (id < 0 || id >= types.size()) {
            throw fail("type id " + Integer.toUnsignedString(id) + " is out of range (" + types.size() + " types)");
        }
        return types.get(id);
    }

    /// The data section called `name`, if BTF describes one.
    public Optional<BtfType.Datasec> datasec(String name) {
        for (BtfType t : types) {
            if (t instanceof BtfType.Datasec d && d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /// The id `id` stands for once typedefs, qualifiers and type tags are skipped.
    public int resolve(int id) {
        int current = id;
        for (int depth = 0; depth <= MAX_DEPTH; depth++) {
            if (!(type(current) instanceof BtfType.Modifier m)) {
                return current;
            }
            current = m.target();
        }
        throw fail("type " + id + ": chain of typedefs and qualifiers is longer than " + MAX_DEPTH + " (a cycle?)");
    }

    /// The size in bytes of type `id`, as `sizeof` would give it.
    public long sizeOf(int id) {
        return sizeOf(id, id, 0);
    }

    private long sizeOf(int root, int id, int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("type " + root + ": type graph deeper than " + MAX_DEPTH + " (a cycle?)");
        }
        return switch (type(id)) {
            case BtfType.Int t -> t.size();
            case BtfType.Ptr _ -> 8;
            case BtfType.Array a -> multiply(id, a.count(), sizeOf(root, a.element(), depth + 1));
            case BtfType.Composite c -> c.size();
            case BtfType.Enum e -> e.size();
            case BtfType.FloatType f -> f.size();
            case BtfType.Datasec d -> d.size();
            case BtfType.Modifier m -> sizeOf(root, m.target(), depth + 1);
            case BtfType.Var v -> sizeOf(root, v.target(), depth + 1);
            case BtfType.Void _, BtfType.Fwd _, BtfType.Func _, BtfType.FuncProto _, BtfType.DeclTag _ ->
                throw fail("type " + id + " (" + typeName(id) + ") has no size");
        };
    }

    private long multiply(int id, long count, long size) {
        if (count != 0 && size > 0xffff_ffffL / count) {
            throw fail("type " + id + ": array size overflows 32 bits");
        }
        return count * size;
    }

    /// A C-like name for type `id`: `__u32`, `struct event`, `char[16]`, `const void *`.
    public String typeName(int id) {
        return typeName(id, 0);
    }

    private String typeName(int id, int depth) {
        if (depth > MAX_DEPTH) {
            return "...";
        }
        BtfType t = type(id);
        return switch (t) {
            case BtfType.Void _ -> "void";
            case BtfType.Int i -> i.name();
            case BtfType.FloatType f -> f.name();
            case BtfType.Ptr p -> typeName(p.target(), depth + 1) + " *";
            case BtfType.Array a -> typeName(a.element(), depth + 1) + "[" + a.count() + "]";
            case BtfType.Composite c -> (c.union() ? "union " : "struct ") + orAnon(c.name());
            case BtfType.Enum e -> "enum " + orAnon(e.name());
            case BtfType.Fwd f -> (f.union() ? "union " : "struct ") + orAnon(f.name());
            case BtfType.Modifier m when m.keyword().equals("typedef") -> m.name();
            case BtfType.Modifier m when m.keyword().equals("type_tag") -> typeName(m.target(), depth + 1);
            case BtfType.Modifier m -> m.keyword() + " " + typeName(m.target(), depth + 1);
            case BtfType.Func f -> f.name();
            case BtfType.FuncProto _ -> "fn";
            case BtfType.Var v -> v.name();
            case BtfType.Datasec d -> d.name();
            case BtfType.DeclTag d -> d.name();
        };
    }

    private static String orAnon(String name) {
        return name.isEmpty() ? "<anon>" : name;
    }

    ElfFormatException fail(String detail) {
        return strings.fail("BTF: " + detail);
    }
}
