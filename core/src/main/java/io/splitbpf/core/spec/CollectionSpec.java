package io.splitbpf.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// The blueprint of a whole object (cilium's `CollectionSpec`): its programs in file order
/// (section header order, then offset), its maps in a fixed order (BTF-defined maps in `.maps`
/// order, legacy `maps` definitions by offset, then global-data sections in section header
/// order), the license and the `version` section's kernel version. Pure and deterministic:
/// reading the same bytes twice gives equal specs.
public record CollectionSpec(
        String name,
        List<ProgramSpec> programs,
        List<MapSpec> maps,
        String license,
        OptionalLong kernelVersion,
        Optional<BtfSummary> btf) {

    public CollectionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(kernelVersion, "kernelVersion");
        Objects.requireNonNull(btf, "btf");
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
    }

    /// The program called `name`.
    public Optional<ProgramSpec> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /// The map called `name`.
    public Optional<MapSpec> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /// The index of the map called `name` in [#maps()], or -1.
    public int mapIndex(String name) {
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
