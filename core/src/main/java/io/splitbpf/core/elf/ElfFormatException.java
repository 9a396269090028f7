package io.splitbpf.core.elf;

import io.splitbpf.core.BpfFormatException;
import java.util.Objects;

/// An object file that cannot be read: malformed ELF, bad BTF, a relocation that cannot be
/// resolved, an invalid instruction. The message starts with the object's name and says where
/// (section, symbol, program, instruction) and what is wrong:
/// `xdp_prog.o: section xdp: program xdp_count: instruction 12 (...): ...`.
public final class ElfFormatException extends BpfFormatException {
    private final String object;
    private final String detail;

    public ElfFormatException(String object, String detail) {
        super(object + ": " + detail);
        this.object = Objects.requireNonNull(object, "object");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /// With the underlying cause (an [io.splitbpf.core.insn.InsnDecodeException], an I/O error);
    /// `detail` already carries the cause's text where it matters.
    public ElfFormatException(String object, String detail, Throwable cause) {
        super(object + ": " + detail, cause);
        this.object = Objects.requireNonNull(object, "object");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /// The object's name as the reader was given it.
    public String object() {
        return object;
    }

    /// The message without the object's name.
    public String detail() {
        return detail;
    }
}
