package io.splitbpf.exec.daemon;

import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.InnerMapRef;
import io.splitbpf.exec.maps.MapOfMaps;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// When a tenant's maps die, and how their memory goes back.
///
/// A map is alive while a loaded program uses it (its artifact references it) or a live map of
/// maps holds it, as Linux's maps live while a program or an outer map holds a reference. After
/// anything that can end a map's life (an unload, a map of maps changed) the store [#dead]
/// finds the maps no longer reachable, by marking from the programs' maps, under the tenant's
/// lock; then [#free] closes them (waiting for the map operations under way), and gives their
/// memory back once no run of the tenant is under way.
final class MapLifetimes {
    private MapLifetimes() {}

    /// The maps of `tenantMaps` that neither `programs` nor a map of maps reachable from them
    /// hold. Called under the tenant's lock.
    static List<LoadedMap> dead(List<LoadedProgram> programs, List<LoadedMap> tenantMaps) {
        Set<BpfMap> alive = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<BpfMap> work = new ArrayDeque<>();
        for (LoadedProgram p : programs) {
            p.maps().forEach(m -> work.add(m.map()));
        }
        while (!work.isEmpty()) {
            BpfMap m = work.pop();
            if (alive.add(m) && m instanceof MapOfMaps outer) {
                outer.innerMaps().stream().map(InnerMapRef::map).forEach(work::add);
            }
        }
        return tenantMaps.stream().filter(m -> !alive.contains(m.map())).toList();
    }

    /// Closes `program` (if any) and `dead`, waiting for their uses, then, once no run of the
    /// tenant is under way, gives their memory back to `tenant`. Called without the tenant's
    /// lock (the closes wait for operations that may take it).
    static void free(TenantSpace tenant, Optional<LoadedProgram> program, List<LoadedMap> dead) {
        program.ifPresent(LoadedProgram::close);
        dead.forEach(LoadedMap::close);
        if (program.isEmpty() && dead.isEmpty()) {
            return;
        }
        tenant.afterRuns(() -> {
            synchronized (tenant) {
                program.ifPresent(p -> p.regions().forEach(tenant.memory()::release));
                dead.forEach(m -> tenant.registry().remove(m.map()));
            }
        });
    }
}
