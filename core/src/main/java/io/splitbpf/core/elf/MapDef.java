package io.splitbpf.core.elf;

import io.splitbpf.core.spec.MapSpec;

/// A map and where the object defines it, for resolving relocations: `section` and `offset`
/// locate the definition (a `.maps` variable, a legacy `bpf_map_def`, a whole data section),
/// `size` its extent. `valuesOffset` is the offset of a BTF map's `values` array inside the
/// definition (-1 when it has none).
record MapDef(MapSpec spec, int section, long offset, long size, long valuesOffset) {
    MapDef withSpec(MapSpec newSpec) {
        return new MapDef(newSpec, section, offset, size, valuesOffset);
    }
}
