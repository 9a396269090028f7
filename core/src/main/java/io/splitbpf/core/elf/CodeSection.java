package io.splitbpf.core.elf;

import io.splitbpf.core.internal.elf.ByteView;
import io.splitbpf.core.internal.elf.ElfSection;
import io.splitbpf.core.isa.RawInsn;
import java.util.List;
import java.util.Map;

/// An executable section ready for linking: its slots with map and global-data references
/// already resolved, the targets of its bpf-to-bpf calls and function pointers that carry a
/// relocation (slot → target), and the functions it defines.
record CodeSection(ElfSection section, List<RawInsn> slots, Map<Integer, CodeTarget> relocatedTargets,
        List<FunctionSym> functions) {

    /// A function: `[start, end)` in slots of section `section`; `global` unless its symbol is
    /// local (static).
    record FunctionSym(String name, int section, int start, int end, boolean global) {
        int size() {
            return end - start;
        }
    }

    /// An instruction of section `section`, slot `slot`.
    record CodeTarget(int section, int slot) {}

    /// Reads the 8-byte slots of `data`. In a big-endian object the register byte holds dst in
    /// its high nibble and the offset and immediate are big endian.
    static RawInsn[] readSlots(ByteView data) {
        RawInsn[] out = new RawInsn[data.length() / RawInsn.SIZE];
        for (int i = 0; i < out.length; i++) {
            long at = (long) i * RawInsn.SIZE;
            int regs = data.u8(at + 1);
            int dst = data.bigEndian() ? regs >>> 4 : regs & 0xf;
            int src = data.bigEndian() ? regs & 0xf : regs >>> 4;
            out[i] = new RawInsn(data.u8(at), dst, src, (short) data.u16(at + 2), data.s32(at + 4));
        }
        return out;
    }

    /// The function whose range holds `slot`, if any.
    FunctionSym functionAt(int slot) {
        for (FunctionSym f : functions) {
            if (slot >= f.start() && slot < f.end()) {
                return f;
            }
        }
        return null;
    }
}
