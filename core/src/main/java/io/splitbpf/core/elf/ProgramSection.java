package io.splitbpf.core.elf;

import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.ProgramType;
import java.util.Objects;
import java.util.Optional;

/// What an executable section's name says about its programs: the program type, the expected
/// attach type (if the name implies one), the attach target after the slash (empty if none),
/// and whether only the legacy prefix rule of libbpf < 1.0 matched (`xdp1`, `socket1`).
/// A name nothing matches gives [ProgramType#UNSPEC]; the user must then say the type.
public record ProgramSection(ProgramType type, Optional<AttachType> attachType, String attachTarget,
        boolean legacyName) {
    public ProgramSection {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attachType, "attachType");
        Objects.requireNonNull(attachTarget, "attachTarget");
    }

    /// No section rule matched.
    public static ProgramSection unknown() {
        return new ProgramSection(ProgramType.UNSPEC, Optional.empty(), "", false);
    }
}
