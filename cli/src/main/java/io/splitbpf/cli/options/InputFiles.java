package io.splitbpf.cli.options;

import io.splitbpf.cli.CommandException;
import io.splitbpf.cli.Errors;
import io.splitbpf.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/// Reading and writing the files named on a command line: `-` is standard input or output, as
/// in bpftool; a failure is bad input naming the file.
public final class InputFiles {
    private InputFiles() {}

    /// The bytes of `file`, or of standard input for `-`.
    public static byte[] read(Path file) {
        try {
            if (file.toString().equals("-")) {
                InputStream in = System.in;
                return in.readAllBytes();
            }
            if (Files.isDirectory(file)) {
                throw CommandException.badInput(file + ": is a folder, not a file");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CommandException(ExitCode.BAD_INPUT, Errors.oneLine(e), e);
        }
    }

    /// Writes `bytes` to `file`, replacing it.
    public static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new CommandException(ExitCode.BAD_INPUT, "cannot write " + file + ": " + Errors.oneLine(e), e);
        }
    }

    /// Whether `bytes` start like an ELF object (`\x7fELF`).
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }
}
