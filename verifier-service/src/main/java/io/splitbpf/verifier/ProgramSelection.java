package io.splitbpf.verifier;

import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/// Which programs of an object to verify: those with a given name, those of a given section,
/// both, or (neither given) all of them. `ebpf verify` and the verifier service select alike.
public final class ProgramSelection {
    private ProgramSelection() {}

    /// The programs of `object` that `program` and `section` select (each may be empty).
    ///
    /// @throws IllegalArgumentException naming the object, what was asked for and what it
    ///         holds, when nothing matches
    public static List<ProgramSpec> select(CollectionSpec object, Optional<String> program, Optional<String> section) {
        List<ProgramSpec> all = object.programs();
        List<ProgramSpec> chosen = all.stream()
                .filter(p -> program.isEmpty() || p.name().equals(program.get()))
                .filter(p -> section.isEmpty() || p.sectionName().equals(section.get()))
                .toList();
        if (!chosen.isEmpty()) {
            return chosen;
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException(object.name() + ": no programs");
        }
        String programs = all.stream().map(ProgramSpec::name).collect(Collectors.joining(", "));
        String sections = all.stream().map(ProgramSpec::sectionName).distinct().collect(Collectors.joining(", "));
        if (program.isPresent() && section.isPresent()) {
            throw new IllegalArgumentException(object.name() + ": no program '" + program.get() + "' in section '"
                    + section.get() + "' (programs: " + programs + "; sections: " + sections + ")");
        }
        if (program.isPresent()) {
            throw new IllegalArgumentException(object.name() + ": no program '" + program.get() + "' (programs: "
                    + programs + ")");
        }
        throw new IllegalArgumentException(object.name() + ": no section '" + section.orElseThrow()
                + "' with a program (sections: " + sections + ")");
    }
}
