package io.splitbpf.core.elf;

import io.splitbpf.core.isa.RawInsn;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/// Writes small little-endian ELF64 `EM_BPF` relocatable objects for unit tests: sections,
/// symbols and `.rel<section>` relocations (or old LLVM's `.rela<section>`, with explicit
/// addends), laid out as LLVM does (one `.strtab` for section and symbol names).
final class TestElf {
    static final int PROGBITS = 1;
    static final int NOBITS = 8;
    static final long CODE = 0x6;   // SHF_ALLOC | SHF_EXECINSTR
    static final long DATA = 0x3;   // SHF_WRITE | SHF_ALLOC
    static final int FUNC = 2;
    static final int OBJECT = 1;
    static final int NOTYPE = 0;
    static final int SECTION = 3;
    static final int LOCAL = 0;
    static final int GLOBAL = 1;

    private record Section(String name, int type, long flags, byte[] data, long size) {}

    private record Symbol(String name, int type, int bind, int section, long value, long size) {}

    private record Rel(int section, long offset, int symbol, int type, boolean rela, long addend) {}

    private final List<Section> sections = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();
    private final List<Rel> rels = new ArrayList<>();

    /// Adds a section; returns its index.
    int section(String name, int type, long flags, byte[] data) {
        sections.add(new Section(name, type, flags, data, data.length));
        return sections.size();
    }

    /// Adds a `.bss`-like section with `size` bytes and none in the file.
    int nobits(String name, long size) {
        sections.add(new Section(name, NOBITS, DATA, new byte[0], size));
        return sections.size();
    }

    /// Adds a symbol; returns its index (0 is the null symbol).
    int symbol(String name, int type, int bind, int section, long value, long size) {
        symbols.add(new Symbol(name, type, bind, section, value, size));
        return symbols.size();
    }

    void rel(int section, long offset, int symbol, int type) {
        rels.add(new Rel(section, offset, symbol, type, false, 0));
    }

    /// An `Elf64_Rela` record; a section's relocations are either all `rel` or all `rela`.
    void rela(int section, long offset, int symbol, int type, long addend) {
        rels.add(new Rel(section, offset, symbol, type, true, addend));
    }

    static byte[] insns(RawInsn... slots) {
        byte[] out = new byte[slots.length * RawInsn.SIZE];
        for (int i = 0; i < slots.length; i++) {
            slots[i].writeTo(out, i * RawInsn.SIZE);
        }
        return out;
    }

    static RawInsn raw(int op, int dst, int src, int off, int imm) {
        return new RawInsn(op, dst, src, (short) off, imm);
    }

    static byte[] u32s(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    byte[] build() {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        record Header(int name, int type, long flags, long offset, long size, int link, int info, long entsize) {}
        List<Header> headers = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[64]);
        int relCount = (int) rels.stream().map(Rel::section).distinct().count();
        int strtabIndex = sections.size() + relCount + 1;
        int symtabIndex = strtabIndex + 1;
        for (Section s : sections) {
            align(body);
            headers.add(new Header(name(names, s.name()), s.type(), s.flags(), body.size(), s.size(), 0, 0, 0));
            body.writeBytes(s.data());
        }
        List<Integer> relTargets = rels.stream().map(Rel::section).distinct().sorted().toList();
        for (int target : relTargets) {
            align(body);
            List<Rel> these = rels.stream().filter(r -> r.section() == target).toList();
            boolean rela = these.getFirst().rela();
            int entry = rela ? 24 : 16;
            ByteBuffer b = ByteBuffer.allocate(entry * these.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (Rel r : these) {
                b.putLong(r.offset()).putLong((long) r.symbol() << 32 | r.type());
                if (rela) {
                    b.putLong(r.addend());
                }
            }
            headers.add(new Header(name(names, (rela ? ".rela" : ".rel") + sections.get(target - 1).name()),
                    rela ? 4 : 9, 0, body.size(), b.capacity(), symtabIndex, target, entry));
            body.writeBytes(b.array());
        }
        ByteBuffer syms = ByteBuffer.allocate(24 * (symbols.size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
        syms.put(new byte[24]);
        for (Symbol s : symbols) {
            syms.putInt(s.name().isEmpty() ? 0 : name(names, s.name())).put((byte) (s.bind() << 4 | s.type()))
                    .put((byte) 0).putShort((short) s.section()).putLong(s.value()).putLong(s.size());
        }
        int strtabName = name(names, ".strtab");
        int symtabName = name(names, ".symtab");
        byte[] strtab = names.toByteArray();
        headers.add(new Header(strtabName, 3, 0, body.size(), strtab.length, 0, 0, 0));
        body.writeBytes(strtab);
        align(body);
        headers.add(new Header(symtabName, 2, 0, body.size(), syms.capacity(), strtabIndex, 1, 24));
        body.writeBytes(syms.array());
        align(body);
        long shoff = body.size();
        ByteBuffer sh = ByteBuffer.allocate(64 * (headers.size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
        sh.put(new byte[64]);
        for (Header h : headers) {
            sh.putInt(h.name()).putInt(h.type()).putLong(h.flags()).putLong(0).putLong(h.offset()).putLong(h.size())
                    .putInt(h.link()).putInt(h.info()).putLong(1).putLong(h.entsize());
        }
        body.writeBytes(sh.array());
        byte[] out = body.toByteArray();
        ByteBuffer eh = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        eh.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        eh.putShort((short) 1).putShort((short) 247).putInt(1).putLong(0).putLong(0).putLong(shoff).putInt(0)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64)
                .putShort((short) (headers.size() + 1)).putShort((short) strtabIndex);
        return out;
    }

    private static int name(ByteArrayOutputStream names, String name) {
        int at = names.size();
        names.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        names.write(0);
        return at;
    }

    private static void align(ByteArrayOutputStream body) {
        while (body.size() % 8 != 0) {
            body.write(0);
        }
    }
}
