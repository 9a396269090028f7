/// Reads eBPF ELF objects into [io.splitbpf.core.spec.CollectionSpec]s, following libbpf's
/// conventions ([io.splitbpf.core.elf.ElfObjectReader] is the entry point).
///
/// ```
/// object    = ELF64 (LE or BE, EM_BPF or EM_NONE, ET_REL)
/// programs  = each function of each executable section (SectionNames gives its type);
///             .text functions are subprograms, appended to every program that calls them
/// maps      = .maps (BTF-defined) | maps, maps/* (legacy bpf_map_def) | .data*, .rodata*, .bss*
/// relocs    = lddw → MAP_FD (map index) | MAP_VALUE (map index, offset) | FUNC ; call → pc-relative
/// debug     = .BTF (types for maps), .BTF.ext (func and line info → SourceLoc per instruction)
/// ```
/// Malformed input is an [io.splitbpf.core.elf.ElfFormatException] naming the object and the
/// section, symbol or instruction; unsupported features a [io.splitbpf.core.NotSupportedException].
package io.splitbpf.core.elf;
