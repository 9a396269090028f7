package io.splitbpf.core.internal.btf;

import io.splitbpf.core.internal.elf.ByteView;
import java.util.ArrayList;
import java.util.List;

/// Reads a `.BTF` section.
///
/// ```
///  header: magic u16 0xeB9F | version u8 (1) | flags u8 | hdr_len u32
///          | type_off u32 | type_len u32 | str_off u32 | str_len u32   (offsets after hdr_len)
///  type:   name_off u32 | info u32 (vlen 0-15, kind 24-28, kind_flag 31) | size_or_type u32
///          followed by the kind's own data (see BtfKind)
/// ```
/// A header longer than 24 bytes (newer kernels add fields) is accepted: `hdr_len` says where
/// the sections start.
public final class BtfReader {
    private static final int MAGIC = 0xeb9f;
    private static final int MIN_HEADER = 24;
    private static final int TYPE_HEADER = 12;

    private BtfReader() {}

    /// Parses `data`, the bytes of `.BTF`, in the object's byte order.
    public static Btf read(ByteView data) {
        if (data.length() < MIN_HEADER) {
            throw data.fail("BTF: truncated header (" + data.length() + " bytes)");
        }
        int magic = data.u16(0);
        if (magic != MAGIC) {
            throw data.fail(magic == 0x9feb ? "BTF: byte order differs from the ELF header's"
                    : "BTF: bad magic 0x" + Integer.toHexString(magic));
        }
        if (data.u8(2) != 1) {
            throw data.fail("BTF: unsupported version " + data.u8(2));
        }
        long hdrLen = data.u32(4);
        if (hdrLen < MIN_HEADER || hdrLen > data.length()) {
            throw data.fail("BTF: header length " + hdrLen + " is out of range");
        }
        ByteView body = data.slice(hdrLen, data.length() - hdrLen, "the BTF data");
        ByteView typeData = body.slice(data.u32(8), data.u32(12), "the BTF type section");
        ByteView strings = body.slice(data.u32(16), data.u32(20), "the BTF string section");
        if (strings.length() > 0 && strings.u8(0) != 0) {
            throw data.fail("BTF: string section does not start with an empty string");
        }
        return new Btf(readTypes(typeData, strings), strings);
    }

    private static List<BtfType> readTypes(ByteView d, ByteView strings) {
        List<BtfType> types = new ArrayList<>();
        types.add(new BtfType.Void());
        long off = 0;
        while (off < d.length()) {
            int id = types.size();
            if (!d.contains(off, TYPE_HEADER)) {
                throw d.fail("BTF: type " + id + " is truncated");
            }
            long info = d.u32(off + 4);
            int kindId = (int) (info >>> 24) & 0x1f;
            BtfKind kind = BtfKind.of(kindId)
                    .orElseThrow(() -> d.fail("BTF: type " + id + " has unknown kind " + kindId));
            int vlen = (int) (info & 0xffff);
            long tail = kind.fixedTail + (long) kind.perItem * vlen;
            if (!d.contains(off + TYPE_HEADER, tail)) {
                throw d.fail("BTF: type " + id + " (" + kind.name().toLowerCase() + ") is truncated");
            }
            String name = strings.cString(d.u32(off), "BTF: name of type " + id);
            types.add(decode(d, off, kind, vlen, (info & 0x8000_0000L) != 0, name, strings, id));
            off += TYPE_HEADER + tail;
        }
        return types;
    }

    private static BtfType decode(ByteView d, long off, BtfKind kind, int vlen, boolean kindFlag, String name,
            ByteView strings, int id) {
        long sizeOrType = d.u32(off + 8);
        int ref = (int) sizeOrType;
        long items = off + TYPE_HEADER;
        return switch (kind) {
            case INT -> new BtfType.Int(name, sizeOrType);
            case PTR -> new BtfType.Ptr(ref);
            case ARRAY -> new BtfType.Array((int) d.u32(items), d.u32(items + 8));
            case STRUCT, UNION -> new BtfType.Composite(kind == BtfKind.UNION, name, sizeOrType,
                    members(d, items, vlen, kindFlag, strings, id));
            case ENUM, ENUM64 -> new BtfType.Enum(name, sizeOrType, enumValues(d, items, vlen, kind == BtfKind.ENUM64));
            case FWD -> new BtfType.Fwd(name, kindFlag);
            case TYPEDEF -> new BtfType.Modifier("typedef", name, ref);
            case VOLATILE -> new BtfType.Modifier("volatile", name, ref);
            case CONST -> new BtfType.Modifier("const", name, ref);
            case RESTRICT -> new BtfType.Modifier("restrict", name, ref);
            case TYPE_TAG -> new BtfType.Modifier("type_tag", name, ref);
            case FUNC -> new BtfType.Func(name, ref);
            case FUNC_PROTO -> new BtfType.FuncProto();
            case VAR -> new BtfType.Var(name, ref);
            case DATASEC -> new BtfType.Datasec(name, sizeOrType, secVars(d, items, vlen));
            case FLOAT -> new BtfType.FloatType(name, sizeOrType);
            case DECL_TAG -> new BtfType.DeclTag(name, ref);
        };
    }

    private static List<BtfType.Member> members(ByteView d, long at, int vlen, boolean bitfields, ByteView strings,
            int id) {
        List<BtfType.Member> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long m = at + 12L * i;
            String name = strings.cString(d.u32(m), "BTF: name of member " + i + " of type " + id);
            long offset = d.u32(m + 8);
            out.add(new BtfType.Member(name, (int) d.u32(m + 4), bitfields ? offset & 0xffffff : offset));
        }
        return out;
    }

    private static List<Long> enumValues(ByteView d, long at, int vlen, boolean wide) {
        List<Long> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            if (wide) {
                long v = at + 12L * i;
                out.add(d.u32(v + 8) << 32 | d.u32(v + 4));
            } else {
                out.add((long) d.s32(at + 8L * i + 4));
            }
        }
        return out;
    }

    private static List<BtfType.SecVar> secVars(ByteView d, long at, int vlen) {
        List<BtfType.SecVar> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long v = at + 12L * i;
            out.add(new BtfType.SecVar((int) d.u32(v), d.u32(v + 4), d.u32(v + 8)));
        }
        return out;
    }
}
