package io.splitbpf.exec.daemon;

import io.splitbpf.core.thrift.MapInfo;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.memory.Region;
import java.util.List;
import java.util.Objects;

/// A live map in the host's store: created from an admitted artifact's map definition, owned by
/// the program that artifact carried (maps live and go with their program).
///
/// @param id the host-wide map id
/// @param tenant the tenant owning it
/// @param map the map
/// @param programId the program it was created for
record LoadedMap(int id, String tenant, BpfMap map, int programId) {
    LoadedMap {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(map, "map");
    }

    /// What `map show` prints.
    MapInfo info() {
        return new MapInfo(id, map.type().bpftoolName(), map.name(), map.keySize(), map.valueSize(), map.maxEntries(),
                map.spec().flags(), tenant, map.spec().frozen(), List.of(programId),
                map.valueRegion().map(Region::size).orElse(0L));
    }
}
