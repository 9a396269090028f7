package io.splitbpf.core.insn;

import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.Reg;
import java.util.Objects;

/// `lddw`: two slots carrying a 64-bit immediate, or (with a pseudo source) a map reference,
/// a pointer into a map's value, a BTF id or a function.
///
/// `imm` is the first slot's immediate, `nextImm` the second's. For [PseudoSource#IMM64] the
/// constant is [#value()]; for map references `imm` is the map (for objects: its index) and
/// `nextImm` the offset into the value.
public record LoadImm64(Reg dst, PseudoSource source, int imm, int nextImm) implements Insn {
    public LoadImm64 {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(source, "source");
    }

    /// A plain 64-bit constant load.
    public static LoadImm64 of(Reg dst, long value) {
        return new LoadImm64(dst, PseudoSource.IMM64, (int) value, (int) (value >>> 32));
    }

    /// A reference to map `index` of the object (`lddw` with source MAP_FD).
    public static LoadImm64 mapRef(Reg dst, int index) {
        return new LoadImm64(dst, PseudoSource.MAP_FD, index, 0);
    }

    /// A pointer to `offset` bytes into the value of map `index` (source MAP_VALUE).
    public static LoadImm64 mapValue(Reg dst, int index, int offset) {
        return new LoadImm64(dst, PseudoSource.MAP_VALUE, index, offset);
    }

    /// The 64-bit immediate the two slots form.
    public long value() {
        return ((long) nextImm << 32) | (imm & 0xffff_ffffL);
    }

    @Override
    public int slots() {
        return 2;
    }
}
