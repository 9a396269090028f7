package io.splitbpf.exec.daemon;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.thrift.MapInfo;
import io.splitbpf.core.thrift.ServiceError;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.memory.Region;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/// A live map in the host's store, created from a signed map definition (or, for an inner map a
/// map of maps names but no artifact carries, from the template). It lives while a loaded
/// program uses it or a live map of maps holds it; map operations [#enter] it, and freeing it
/// [#close]s it first.
final class LoadedMap {
    private final int id;
    private final String tenant;
    private final BpfMap map;
    private final Lifecycle lifecycle;

    /// Map `id` of `tenant`.
    LoadedMap(int id, String tenant, BpfMap map) {
        this.id = id;
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.map = Objects.requireNonNull(map, "map");
        this.lifecycle = new Lifecycle("map " + id + " was freed");
    }

    /// The host-wide map id.
    int id() {
        return id;
    }

    /// The tenant owning it.
    String tenant() {
        return tenant;
    }

    BpfMap map() {
        return map;
    }

    String name() {
        return map.name();
    }

    /// A map operation: the map stays alive until it is closed.
    ///
    /// @throws ServiceError `NOT_FOUND` when the map was freed meanwhile
    Lifecycle.Use enter() throws ServiceError {
        return lifecycle.enter();
    }

    /// Marks it freed once the operations under way have ended.
    void close() {
        lifecycle.close();
    }

    /// Whether `other` defines the same map as this one: what a program joining a group must
    /// declare to share it (name aside: type, sizes, flags, initial data, inner template and
    /// initial slots).
    boolean sameDefinition(MapSpec other) {
        MapSpec mine = map.spec();
        return mine.type() == other.type() && mine.keySize() == other.keySize()
                && mine.valueSize() == other.valueSize() && mine.maxEntries() == other.maxEntries()
                && mine.flags() == other.flags() && mine.frozen() == other.frozen()
                && Arrays.equals(mine.initialData(), other.initialData())
                && mine.initialSlots().equals(other.initialSlots())
                && mine.innerMap().map(LoadedMap::template).equals(other.innerMap().map(LoadedMap::template));
    }

    private static List<Integer> template(MapSpec t) {
        return List.of(t.type().id(), t.keySize(), t.valueSize(), t.maxEntries(), t.flags());
    }

    /// What `map show` prints, with the programs that use it.
    MapInfo info(List<Integer> programIds) {
        return new MapInfo(id, map.type().bpftoolName(), map.name(), map.keySize(), map.valueSize(), map.maxEntries(),
                map.spec().flags(), tenant, map.spec().frozen(), List.copyOf(programIds),
                map.valueRegion().map(Region::size).orElse(0L));
    }

    @Override
    public String toString() {
        return "map " + id + " '" + name() + "' of tenant '" + tenant + "'";
    }
}
