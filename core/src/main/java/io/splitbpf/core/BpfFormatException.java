package io.splitbpf.core;

/// Malformed input: an object file, an instruction encoding or assembler text that cannot be
/// read. Subclasses say where (file and section, instruction index, line and column).
public class BpfFormatException extends RuntimeException {
    public BpfFormatException(String message) {
        super(message);
    }

    public BpfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
