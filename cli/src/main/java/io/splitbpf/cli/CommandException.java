package io.splitbpf.cli;

/// A command's failure that it has already put into words: printed as `error: <message>` with
/// its own exit code, never with a stack trace unless `--stacktrace` asks for one.
public final class CommandException extends RuntimeException {
    private final int exitCode;

    /// A failure with `message` (a lowercase fragment) and [ExitCode] `exitCode`.
    public CommandException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /// The same, keeping `cause` for `--stacktrace`.
    public CommandException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /// Bad input: a file that cannot be read, an argument that does not parse.
    public static CommandException badInput(String message) {
        return new CommandException(ExitCode.BAD_INPUT, message);
    }

    /// The command ran and the answer is no: a daemon refused, a program was rejected.
    public static CommandException failed(String message) {
        return new CommandException(ExitCode.FAILED, message);
    }

    /// The exit code to end with.
    public int exitCode() {
        return exitCode;
    }
}
