/// Text forms of programs: [Assembler] reads the `.data` dialect of the conformance suites and
/// the LLVM / kernel dialect; [Disassembler] is the one printer, writing the kernel's syntax as
/// `bpftool prog dump xlated` does.
package io.splitbpf.core.asm;
