package io.splitbpf.core.insn;

/// One decoded instruction. See the package documentation for the grammar.
public sealed interface Insn
        permits Alu, Endian, LoadImm64, Load, Store, Atomic, PacketLoad, Jump, Call, CallLocal, CallKfunc,
                CallReg, Exit {
    /// The number of 8-byte slots the instruction takes (2 for `lddw`, else 1).
    default int slots() {
        return 1;
    }
}
