package io.splitbpf.core.internal.elf;

/// One `.symtab` entry.
public record ElfSymbol(int index, String name, int type, int bind, int visibility, int sectionIndex,
        long value, long size) {
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int SHN_UNDEF = 0;
    public static final int SHN_LORESERVE = 0xff00;

    /// The symbol's name, or for an unnamed section symbol `section #<index>`, for messages.
    public String label() {
        return name.isEmpty() ? "symbol #" + index : name;
    }

    public boolean undefined() {
        return sectionIndex == SHN_UNDEF;
    }
}
