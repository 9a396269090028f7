package io.splitbpf.exec.daemon;

import io.splitbpf.core.spec.MapSlot;
import io.splitbpf.exec.maps.ProgArrayMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/// The programs of one object that one tenant loaded together, as bpftool's `prog loadall`
/// loads an object: they share their maps by name, and the slots of their prog_arrays name
/// programs of the group.
///
/// A group is known by its label, the id of the program that started it (it stays the label
/// after that program is unloaded). Its maps are the live maps its programs' loads created or
/// shared, by name, including the inner maps made from a template. Every change happens under
/// the tenant's lock.
final class ProgramGroup {
    private final int label;
    private final String tenant;
    private final byte[] objectDigest;
    private final List<LoadedProgram> members = new ArrayList<>();
    private final Map<String, LoadedMap> maps = new LinkedHashMap<>();

    /// A group started by program `label` of `tenant`, loaded from the object whose SHA-256 is
    /// `objectDigest`.
    ProgramGroup(int label, String tenant, byte[] objectDigest) {
        this.label = label;
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.objectDigest = objectDigest.clone();
    }

    int label() {
        return label;
    }

    String tenant() {
        return tenant;
    }

    /// Whether a program from the object whose SHA-256 is `digest` may join.
    boolean sameObject(byte[] digest) {
        return Arrays.equals(objectDigest, digest);
    }

    String objectDigestHex() {
        return HexFormat.of().formatHex(objectDigest);
    }

    /// The member called `name`, if any.
    Optional<LoadedProgram> member(String name) {
        return members.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /// The group's live map called `name`, if any.
    Optional<LoadedMap> map(String name) {
        return Optional.ofNullable(maps.get(name));
    }

    List<LoadedMap> maps() {
        return List.copyOf(maps.values());
    }

    List<LoadedProgram> members() {
        return List.copyOf(members);
    }

    /// Adds `program` with the maps its load created or shared.
    void add(LoadedProgram program, List<LoadedMap> loadMaps) {
        members.add(program);
        for (LoadedMap m : loadMaps) {
            maps.putIfAbsent(m.name(), m);
        }
        fillProgArrays();
    }

    /// Removes `program`, and empties the prog_array slots that held it.
    void remove(LoadedProgram program) {
        members.remove(program);
        for (LoadedMap m : maps.values()) {
            if (m.map() instanceof ProgArrayMap progs) {
                progs.remove(program.tailCallTarget());
            }
        }
    }

    /// Forgets `map` (freed).
    void forget(LoadedMap map) {
        maps.remove(map.name(), map);
    }

    /// Puts each member in the prog_array slots whose `.values` name it, as libbpf does once
    /// an object's programs are loaded. Slots naming a program not (or no longer) loaded stay
    /// empty: a tail call through them falls through, as through any empty slot.
    private void fillProgArrays() {
        for (LoadedMap m : maps.values()) {
            if (m.map() instanceof ProgArrayMap progs) {
                for (MapSlot slot : m.map().spec().initialSlots()) {
                    member(slot.target()).ifPresent(p -> progs.put(slot.slot(), p.tailCallTarget()));
                }
            }
        }
    }
}
