package io.splitbpf.cli.verify;

import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.Verifier;
import io.splitbpf.verifier.VerifierOptions;
import java.util.Optional;

/// One program to verify: the object it is in, and the descriptor it is verified against.
///
/// @param file the object's name as the user wrote it
/// @param object the object
/// @param program the program
/// @param descriptor its program type's descriptor (for its attach type): a program whose
///        section names no type (`unspec`) is verified as a tc classifier (see [VerifyCommand])
record Target(String file, CollectionSpec object, ProgramSpec program, ProgramTypeDescriptor descriptor) {
    /// The target for `program`.
    ///
    /// @throws IllegalArgumentException naming the program when this platform has no
    ///         descriptor for its type
    static Target of(String file, CollectionSpec object, ProgramSpec program) {
        Optional<ProgramTypeDescriptor> d = program.type() == ProgramType.UNSPEC
                ? Optional.of(ProgramTypeDescriptor.SCHED_CLS)
                : ProgramTypeDescriptor.of(program.type(), program.attachType());
        return new Target(file, object, program, d.orElseThrow(() -> new IllegalArgumentException(object.name()
                + ": program '" + program.name() + "': no verifier descriptor for program type "
                + program.type().bpftoolName())));
    }

    VerificationReport verify(VerifierOptions options) {
        return Verifier.verify(program, object.maps(), descriptor, options);
    }
}
