package io.splitbpf.exec.daemon;

import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSlot;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.InnerMapRef;
import io.splitbpf.exec.maps.MapOfMaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// The maps one load binds, resolved against the program's group as libbpf resolves an object's
/// maps: each map of the artifact is the group's map of that name (which must be defined the
/// same) or a new one; each new map of maps gets the inner maps its `.values` name, the group's
/// or this load's map of that name, or else a new map made from its inner map template (an
/// artifact carries only the maps its program references, so an inner map no program of the
/// group references is known by its name and the template alone).
///
/// What it creates is registered in the tenant's registry at once (binding needs the handles);
/// [#discard] removes it again when the load fails.
final class LoadMaps {
    private final TenantSpace tenant;
    private final ProgramGroup group;
    private final ProgramLoader.MapIds ids;
    private final Map<String, LoadedMap> byName = new LinkedHashMap<>();
    private final List<LoadedMap> created = new ArrayList<>();

    LoadMaps(TenantSpace tenant, ProgramGroup group, ProgramLoader.MapIds ids) {
        this.tenant = tenant;
        this.group = group;
        this.ids = ids;
    }

    /// The maps for `specs` (the artifact's, in order), with the inner maps of the new maps of
    /// maps filled.
    ///
    /// @throws ProgramLoader.Conflict when a map's definition differs from the group's map of
    ///         that name, or an inner map does not match its template
    List<LoadedMap> resolve(List<MapSpec> specs) {
        List<LoadedMap> out = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            MapSpec spec = specs.get(i);
            Optional<LoadedMap> shared = group.map(spec.name());
            if (shared.isPresent() && !shared.get().sameDefinition(spec)) {
                throw new ProgramLoader.Conflict("map '" + spec.name() + "' is defined otherwise than the group's " + shared
                        .get() + " (" + shared.get().map().spec() + " against " + spec + ")");
            }
            int index = i;
            LoadedMap m = shared.orElseGet(() -> create(spec, ids.artifactMap(index)));
            byName.put(spec.name(), m);
            out.add(m);
        }
        for (LoadedMap m : List.copyOf(created)) {
            if (m.map() instanceof MapOfMaps outer) {
                fillInnerMaps(outer);
            }
        }
        return out;
    }

    private void fillInnerMaps(MapOfMaps outer) {
        for (MapSlot slot : outer.spec().initialSlots()) {
            LoadedMap inner = named(slot.target()).orElseGet(() -> create(fromTemplate(slot.target(), outer.template()),
                    ids.innerMap(slot.target())));
            if (!outer.accepts(inner.map())) {
                throw new ProgramLoader.Conflict("map '" + outer.name() + "' slot " + slot.slot() + " names " + inner
                        + ", which does not match its inner map template " + outer.template());
            }
            outer.put(u32(slot.slot()), new InnerMapRef(inner.id(), inner.map(),
                    tenant.registry().handleOf(inner.map())), BpfMap.ANY);
        }
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private Optional<LoadedMap> named(String name) {
        LoadedMap mine = byName.get(name);
        return mine != null ? Optional.of(mine) : group.map(name);
    }

    /// The definition of an inner map known only by its name and its outer map's template.
    static MapSpec fromTemplate(String name, MapSpec template) {
        return new MapSpec(name, template.type(), template.keySize(), template.valueSize(), template.maxEntries(),
                template.flags(), 0, 0, 0, Optional.empty(), new byte[0], List.of(), false, Optional.empty(),
                Optional.empty(), MapOrigin.INNER);
    }

    private LoadedMap create(MapSpec spec, int id) {
        BpfMap map = tenant.registry().create(spec);
        LoadedMap m = new LoadedMap(id, tenant.name(), map);
        created.add(m);
        byName.put(spec.name(), m);
        return m;
    }

    /// The maps this load created, in creation order.
    List<LoadedMap> created() {
        return List.copyOf(created);
    }

    /// Every map of this load by name: the artifact's and the inner maps it resolved or made.
    List<LoadedMap> all() {
        return List.copyOf(byName.values());
    }

    /// Unregisters what this load created and gives its memory back (the load failed; nothing
    /// ran with it).
    void discard() {
        for (LoadedMap m : created.reversed()) {
            tenant.registry().remove(m.map());
        }
        created.clear();
    }
}
