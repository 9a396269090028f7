package io.splitbpf.exec.runtime;

/// A program stopped with an error at run time: a memory fault, an unknown helper reached
/// through `callx`, a call stack too deep, an exhausted instruction budget. Names the pc.
public final class ExecutionException extends RuntimeException {
    private final int pc;

    public ExecutionException(int pc, String message) {
        super("pc " + pc + ": " + message);
        this.pc = pc;
    }

    public ExecutionException(int pc, String message, Throwable cause) {
        super("pc " + pc + ": " + message, cause);
        this.pc = pc;
    }

    /// The slot index of the instruction that failed.
    public int pc() {
        return pc;
    }
}
