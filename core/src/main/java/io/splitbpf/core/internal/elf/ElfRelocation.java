package io.splitbpf.core.internal.elf;

/// One `Elf64_Rel` record: where (`offset` in the target section), which symbol, which type. BPF
/// relocations have no explicit addend; it sits in the patched instruction's immediate.
public record ElfRelocation(long offset, int type, ElfSymbol symbol) {}
