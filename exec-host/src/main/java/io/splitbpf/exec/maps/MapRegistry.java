package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// One tenant's maps and their handles.
///
/// A map's handle is what `lddw` of a map reference loads and what helpers take as their map
/// argument: the address of an 8-byte descriptor region in the tenant's memory, so that it is
/// an ordinary, unique tenant pointer. The descriptor is in no region programs may touch, and
/// helpers resolve handles through this registry, never by reading the descriptor, so a
/// program cannot forge a map (a number that is not a handle of this tenant is refused).
public final class MapRegistry {
    private final TenantMemory memory;
    private final int slots;
    /// The handles in ascending order with their maps, replaced whole on every creation so that
    /// helpers resolve handles without a lock and without boxing (the hot path of map helpers).
    private volatile Handles table = new Handles(new long[0], new BpfMap[0]);
    /// The value regions of every map, replaced whole like `table` (read at the start of runs).
    private volatile List<Region> programRegions = List.of();
    private final List<Registered> maps = new ArrayList<>();

    private record Registered(BpfMap map, Region descriptor) {}

    /// A registry for maps in `memory`, used by programs in `slots` execution slots.
    public MapRegistry(TenantMemory memory, int slots) {
        this.memory = Objects.requireNonNull(memory, "memory");
        if (slots <= 0) {
            throw new IllegalArgumentException(slots + " execution slots");
        }
        this.slots = slots;
    }

    public TenantMemory memory() {
        return memory;
    }

    /// The number of execution slots per-slot maps are created for.
    public int slots() {
        return slots;
    }

    /// Creates the map `spec` describes and registers it ([BpfMap#create] says what it checks).
    public synchronized BpfMap create(MapSpec spec) {
        BpfMap map = BpfMap.create(spec, memory, slots);
        Region descriptor;
        try {
            descriptor = memory.allocate("map " + spec.name() + " handle", 8, 8, false);
        } catch (RuntimeException e) {
            map.regions().forEach(memory::release);
            throw e;
        }
        maps.add(new Registered(map, descriptor));
        publish();
        return map;
    }

    /// Creates every map of `specs`, in order (an object's map list: index i of the result is
    /// map index i of its programs' `lddw` references).
    public List<BpfMap> createAll(List<MapSpec> specs) {
        List<BpfMap> out = new ArrayList<>(specs.size());
        for (MapSpec s : specs) {
            out.add(create(s));
        }
        return List.copyOf(out);
    }

    /// Unregisters `map` and gives its regions (values, handle) back to the tenant's memory. The
    /// caller guarantees that no run and no operation uses the map any more: its handle stops
    /// resolving at once, and its memory may be reused.
    ///
    /// @throws IllegalArgumentException when `map` is not registered here
    public synchronized void remove(BpfMap map) {
        Registered r = registration(map);
        maps.remove(r);
        publish();
        memory.release(r.descriptor());
        map.regions().forEach(memory::release);
    }

    private void publish() {
        long[] handles = new long[maps.size()];
        BpfMap[] byHandle = new BpfMap[maps.size()];
        List<Registered> sorted = maps.stream().sorted(Comparator.comparingLong(r -> r.descriptor().address())).toList();
        List<Region> values = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            handles[i] = sorted.get(i).descriptor().address();
            byHandle[i] = sorted.get(i).map();
        }
        for (Registered r : maps) {
            r.map().valueRegion().ifPresent(values::add);
        }
        table = new Handles(handles, byHandle);
        programRegions = List.copyOf(values);
    }

    private Registered registration(BpfMap map) {
        for (Registered r : maps) {
            if (r.map() == map) {
                return r;
            }
        }
        throw new IllegalArgumentException(map + " is not a map of tenant '" + memory.owner() + "'");
    }

    /// The map whose handle is `handle`, if it is one of this tenant's.
    public Optional<BpfMap> byHandle(long handle) {
        return Optional.ofNullable(mapOrNull(handle));
    }

    /// The map whose handle is `handle`, or null when it is none of this tenant's.
    public BpfMap mapOrNull(long handle) {
        Handles t = table;
        int i = Arrays.binarySearch(t.handles(), handle);
        return i >= 0 ? t.maps()[i] : null;
    }

    /// The handle of `map`.
    ///
    /// @throws IllegalArgumentException when `map` is not registered here
    public synchronized long handleOf(BpfMap map) {
        return registration(map).descriptor().address();
    }

    /// The maps, in creation order.
    public synchronized List<BpfMap> maps() {
        return maps.stream().map(Registered::map).toList();
    }

    /// The map called `name` (the first created, when names repeat).
    public synchronized Optional<BpfMap> byName(String name) {
        return maps.stream().map(Registered::map).filter(m -> m.name().equals(name)).findFirst();
    }

    /// The regions programs may touch through map values (for
    /// [io.splitbpf.exec.runtime.ExecContext#allowPermanently], or
    /// [io.splitbpf.exec.runtime.ExecContext#allowEachRun] with `registry::programRegions` when
    /// maps come and go): every map's value region, including ring buffers' data areas, where
    /// samples are written. Takes no lock.
    public List<Region> programRegions() {
        return programRegions;
    }

    /// The ring buffer whose data area holds `address`, if any.
    public Optional<RingBufferMap> ringBufferContaining(long address) {
        for (BpfMap m : table.maps()) {
            if (m instanceof RingBufferMap rb && rb.contains(address)) {
                return Optional.of(rb);
            }
        }
        return Optional.empty();
    }

    /// Sorted handles and their maps (never changed once published).
    private record Handles(long[] handles, BpfMap[] maps) {}
}
