package io.splitbpf.exec.maps;

import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.exec.runtime.LoadException;
import java.util.ArrayList;
import java.util.List;

/// Binds a program's map references at load time: every `lddw` with a map pseudo source
/// becomes a plain 64-bit constant, which is what the engines run.
///
/// - `MAP_FD` / `MAP_IDX` (imm = index into the object's maps) → the map's handle;
/// - `MAP_VALUE` / `MAP_IDX_VALUE` (imm = index, next imm = offset) → the address of the
///   value of element 0 plus the offset, for array maps of one element (global data), as
///   Linux's `array_map_direct_value_addr` allows.
///
/// Slot counts do not change, so jump offsets stay valid.
public final class MapBinder {
    private MapBinder() {}

    /// `program` with its map references bound to `maps` (index i = the object's map i), whose
    /// handles `registry` gives.
    ///
    /// @throws LoadException naming the pc when a reference has no map, or a value reference
    ///     is not to a one-element array or lies outside its value
    public static InsnSeq bind(InsnSeq program, List<BpfMap> maps, MapRegistry registry) {
        List<LabeledInsn> out = new ArrayList<>(program.size());
        for (LabeledInsn li : program.insns()) {
            if (li.insn() instanceof LoadImm64 l && l.source().isMapReference()) {
                out.add(new LabeledInsn(li.pc(), LoadImm64.of(l.dst(), resolve(li.pc(), l, maps, registry)), li.loc()));
            } else {
                out.add(li);
            }
        }
        return InsnSeq.of(out);
    }

    private static long resolve(int pc, LoadImm64 l, List<BpfMap> maps, MapRegistry registry) {
        if (l.imm() < 0 || l.imm() >= maps.size()) {
            throw new LoadException(pc, "lddw references map #" + l.imm() + ", but the program has " + maps.size()
                    + " maps");
        }
        BpfMap map = maps.get(l.imm());
        return switch (l.source()) {
            case MAP_FD, MAP_IDX -> registry.handleOf(map);
            case MAP_VALUE, MAP_IDX_VALUE -> valueAddress(pc, map, l.nextImm());
            default -> throw new IllegalStateException("not a map reference: " + l.source());
        };
    }

    private static long valueAddress(int pc, BpfMap map, int offset) {
        if (!(map instanceof ArrayMap array) || map.maxEntries() != 1) {
            throw new LoadException(pc, "lddw of a value address needs an array map of one element; " + map
                    + " is a " + map.type().bpftoolName() + " of " + map.maxEntries() + " entries");
        }
        if (offset < 0 || offset >= map.valueSize()) {
            throw new LoadException(pc, "lddw value offset " + offset + " is outside " + map + " (value_size "
                    + map.valueSize() + ")");
        }
        return array.elementAddress(0) + offset;
    }
}
