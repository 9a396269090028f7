/// splitbpf's core: the instruction set, assembler and disassembler, ELF loader and the pure
/// specs of programs and maps.
module io.splitbpf.core {
    requires transitive org.apache.thrift;
    requires org.slf4j;
    requires java.naming;

    exports io.splitbpf.core;
    exports io.splitbpf.core.isa;
    exports io.splitbpf.core.insn;
    exports io.splitbpf.core.json;
    exports io.splitbpf.core.asm;
    exports io.splitbpf.core.platform;
    exports io.splitbpf.core.conformance;
    exports io.splitbpf.core.elf;
    exports io.splitbpf.core.spec;
    exports io.splitbpf.core.thrift;
    exports io.splitbpf.core.artifact;
    exports io.splitbpf.core.rpc;
}
