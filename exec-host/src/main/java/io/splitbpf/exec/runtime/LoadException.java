package io.splitbpf.exec.runtime;

import io.splitbpf.core.BpfFormatException;

/// A program that no engine will load: it fails a structural check (a jump out of bounds, a
/// helper the host does not have, a function that falls off its end …). Names the pc.
public final class LoadException extends BpfFormatException {
    private final int pc;

    public LoadException(int pc, String message) {
        super(pc >= 0 ? "pc " + pc + ": " + message : message);
        this.pc = pc;
    }

    /// The slot index of the offending instruction, or -1 when the program as a whole is wrong.
    public int pc() {
        return pc;
    }
}
