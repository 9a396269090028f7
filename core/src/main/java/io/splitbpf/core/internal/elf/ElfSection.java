package io.splitbpf.core.internal.elf;

/// One section header. `data` is the section's bytes (empty for `SHT_NOBITS`, whose `size` is
/// then only a number).
public record ElfSection(int index, String name, int type, long flags, long size, int link, int info,
        long entrySize, ByteView data) {
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final long SHF_WRITE = 0x1;
    public static final long SHF_EXECINSTR = 0x4;

    public boolean executable() {
        return type == SHT_PROGBITS && (flags & SHF_EXECINSTR) != 0;
    }

    /// `section <name>` or `section #<index>` when unnamed, for messages.
    public String label() {
        return name.isEmpty() ? "section #" + index : "section " + name;
    }
}
