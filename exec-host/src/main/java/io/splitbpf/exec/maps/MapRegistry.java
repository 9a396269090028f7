package io.splitbpf.exec.maps;

import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.exec.memory.Region;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final List<BpfMap> maps = new ArrayList<>();
    private final List<Long> handles = new ArrayList<>();

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
        Region descriptor = memory.allocate("map " + spec.name() + " handle", 8, 8, false);
        table = table.with(descriptor.address(), map);
        maps.add(map);
        handles.add(descriptor.address());
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
        for (int i = 0; i < maps.size(); i++) {
            if (maps.get(i) == map) {
                return handles.get(i);
            }
        }
        throw new IllegalArgumentException(map + " is not a map of tenant '" + memory.owner() + "'");
    }

    /// The maps, in creation order.
    public synchronized List<BpfMap> maps() {
        return List.copyOf(maps);
    }

    /// The map called `name` (the first created, when names repeat).
    public synchronized Optional<BpfMap> byName(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /// The regions programs may touch through map values (for
    /// [io.splitbpf.exec.runtime.ExecContext#allowPermanently]): every map's value region,
    /// including ring buffers' data areas, where samples are written.
    public synchronized List<Region> programRegions() {
        List<Region> out = new ArrayList<>();
        for (BpfMap m : maps) {
            m.valueRegion().ifPresent(out::add);
        }
        return List.copyOf(out);
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
    private record Handles(long[] handles, BpfMap[] maps) {
        Handles with(long handle, BpfMap map) {
            int i = -Arrays.binarySearch(handles, handle) - 1;
            long[] h = new long[handles.length + 1];
            BpfMap[] m = new BpfMap[maps.length + 1];
            System.arraycopy(handles, 0, h, 0, i);
            System.arraycopy(maps, 0, m, 0, i);
            h[i] = handle;
            m[i] = map;
            System.arraycopy(handles, i, h, i + 1, handles.length - i);
            System.arraycopy(maps, i, m, i + 1, maps.length - i);
            return new Handles(h, m);
        }
    }
}
