/// splitbpf's core: the instruction set, assembler and disassembler, ELF loader and the pure
/// specs of programs and maps.
module io.splitbpf.core {
    exports io.splitbpf.core;
    exports io.splitbpf.core.isa;
    exports io.splitbpf.core.insn;
}
