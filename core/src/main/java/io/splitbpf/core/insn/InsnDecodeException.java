package io.splitbpf.core.insn;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.isa.RawInsn;

/// An instruction slot that is not a valid encoding. Carries the slot index and its bytes.
public final class InsnDecodeException extends BpfFormatException {
    private final int index;
    private final RawInsn raw;

    public InsnDecodeException(int index, RawInsn raw, String reason) {
        super("instruction " + index + " (" + raw.hex() + "): " + reason);
        this.index = index;
        this.raw = raw;
    }

    /// The slot index of the invalid instruction.
    public int index() {
        return index;
    }

    /// The invalid slot.
    public RawInsn raw() {
        return raw;
    }
}
