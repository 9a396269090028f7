package io.splitbpf.cli.verify;

import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.Verifier;
import io.splitbpf.verifier.VerifierOptions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /// Whether the descriptor was chosen by default, the section naming no type.
    boolean defaulted() {
        return program.type() == ProgramType.UNSPEC;
    }

    /// The type as text: `xdp`, or `unspec (verified as sched_cls)`.
    String typeText() {
        return program.type().bpftoolName() + (defaulted() ? " (verified as " + descriptor.name() + ")" : "");
    }

    VerificationReport verify(VerifierOptions options) {
        return Verifier.verify(program, object.maps(), descriptor, options);
    }

    /// The programs of `object` that `--program` and `--section` select (either may be null).
    ///
    /// @throws IllegalArgumentException naming the object, what was asked for and what it holds,
    ///         when nothing matches
    static List<ProgramSpec> select(CollectionSpec object, String program, String section) {
        List<ProgramSpec> all = object.programs();
        List<ProgramSpec> chosen = all.stream()
                .filter(p -> program == null || p.name().equals(program))
                .filter(p -> section == null || p.sectionName().equals(section))
                .toList();
        if (!chosen.isEmpty()) {
            return chosen;
        }
        String programs = all.stream().map(ProgramSpec::name).collect(Collectors.joining(", "));
        String sections = all.stream().map(ProgramSpec::sectionName).distinct().collect(Collectors.joining(", "));
        if (all.isEmpty()) {
            throw new IllegalArgumentException(object.name() + ": no programs");
        }
        if (program != null && section != null) {
            throw new IllegalArgumentException(object.name() + ": no program '" + program + "' in section '" + section
                    + "' (programs: " + programs + "; sections: " + sections + ")");
        }
        if (program != null) {
            throw new IllegalArgumentException(object.name() + ": no program '" + program + "' (programs: " + programs
                    + ")");
        }
        throw new IllegalArgumentException(object.name() + ": no section '" + section + "' with a program (sections: "
                + sections + ")");
    }
}
