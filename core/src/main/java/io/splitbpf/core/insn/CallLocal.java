package io.splitbpf.core.insn;

/// A bpf-to-bpf call of the function at `pc + 1 + offset`.
public record CallLocal(int offset) implements Insn {
    /// The pc of the called function, from the pc of the call.
    public int target(int pc) {
        return pc + 1 + offset;
    }
}
