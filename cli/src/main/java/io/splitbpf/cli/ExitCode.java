package io.splitbpf.cli;

/// The exit codes of `ebpf`.
public final class ExitCode {
    /// Everything asked for succeeded (every conformance case passed, every program verified).
    public static final int OK = 0;
    /// The command ran, and its answer is "no": a case failed, a program was rejected.
    public static final int FAILED = 1;
    /// Bad input or usage: a file that cannot be read or parsed, an unknown option.
    public static final int BAD_INPUT = 2;

    private ExitCode() {}
}
