package io.splitbpf.core.internal.btf;

import java.util.List;

/// One BTF type, with only what the loader uses (sizes, names, links to other types). Type ids
/// are indices into [Btf]; id 0 is `void`.
///
/// ```
/// BtfType = Void | Int(name, size) | Ptr(target) | Array(elem, nelems)
///         | Composite(union?, name, size, members) | Enum(name, size) | Fwd(name)
///         | Modifier(kind, name, target)   -- typedef, volatile, const, restrict, type_tag
///         | Func(name, proto) | FuncProto | Var(name, target) | Datasec(name, size, vars)
///         | FloatType(name, size) | DeclTag(target)
/// ```
public sealed interface BtfType {
    /// The type's own name; empty for anonymous types.
    String name();

    record Void() implements BtfType {
        public String name() {
            return "void";
        }
    }

    record Int(String name, long size) implements BtfType {}

    record Ptr(int target) implements BtfType {
        public String name() {
            return "";
        }
    }

    record Array(int element, long count) implements BtfType {
        public String name() {
            return "";
        }
    }

    /// A struct or union member; `bitOffset` already has the bitfield size stripped when
    /// the composite's kind flag is set.
    record Member(String name, int type, long bitOffset) {}

    record Composite(boolean union, String name, long size, List<Member> members) implements BtfType {}

    /// An enum or enum64 with its values in declaration order (signed for 32-bit enums).
    record Enum(String name, long size, List<Long> values) implements BtfType {}

    record Fwd(String name, boolean union) implements BtfType {}

    /// `typedef`, `volatile`, `const`, `restrict` or a type tag: a name or qualifier over `target`.
    record Modifier(String keyword, String name, int target) implements BtfType {}

    record Func(String name, int proto) implements BtfType {}

    record FuncProto() implements BtfType {
        public String name() {
            return "";
        }
    }

    record Var(String name, int target) implements BtfType {}

    /// One variable of a data section: its VAR type id, offset and size in the section.
    record SecVar(int type, long offset, long size) {}

    record Datasec(String name, long size, List<SecVar> vars) implements BtfType {}

    record FloatType(String name, long size) implements BtfType {}

    record DeclTag(String name, int target) implements BtfType {}
}
