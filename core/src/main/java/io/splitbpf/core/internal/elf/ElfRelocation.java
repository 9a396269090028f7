package io.splitbpf.core.internal.elf;

import java.util.OptionalLong;

/// One relocation record: where (`offset` in the target section), which symbol, which type, and
/// for an `Elf64_Rela` record its explicit addend. Clang writes `Elf64_Rel` records, whose addend
/// sits in the patched instruction's immediate; old LLVM releases wrote `Elf64_Rela` records
/// (sections `.rela<name>`), as objects built for iproute2 and Open vSwitch still show.
public record ElfRelocation(long offset, int type, ElfSymbol symbol, OptionalLong addend) {}
