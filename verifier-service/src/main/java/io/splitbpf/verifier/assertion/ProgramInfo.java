package io.splitbpf.verifier.assertion;

import io.splitbpf.core.platform.ProgramTypeDescriptor;
import java.util.Objects;

/// What assertion extraction needs to know about the program beyond its instructions.
///
/// @param descriptor the program type's descriptor
/// @param mapCount how many maps the object declares (lddw map indices must be below it)
public record ProgramInfo(ProgramTypeDescriptor descriptor, int mapCount) {
    public ProgramInfo {
        Objects.requireNonNull(descriptor, "descriptor");
        if (mapCount < 0) {
            throw new IllegalArgumentException("negative map count");
        }
    }
}
