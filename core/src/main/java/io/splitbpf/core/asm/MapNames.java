package io.splitbpf.core.asm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/// Names the maps that `lddw` map references point at, both ways, so that text can say
/// `r1 = map[xdp_stats_map]` instead of `r1 = map[id:0]`.
///
/// For an object file the number in the instruction is the map's index in the object (see
/// [io.splitbpf.core.insn.LoadImm64#mapRef]); [#of(List)] builds the resolver from the
/// object's map names in index order.
public interface MapNames {
    /// The name of map `number`, if it has one.
    Optional<String> name(int number);

    /// The number of the map called `name`, if there is one.
    OptionalInt number(String name);

    /// No names: text says `map[id:N]`.
    static MapNames none() {
        return of(List.of());
    }

    /// Names by position: `names.get(i)` is map `i`.
    static MapNames of(List<String> names) {
        List<String> copy = List.copyOf(names);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            byName.putIfAbsent(copy.get(i), i);
        }
        return new MapNames() {
            @Override
            public Optional<String> name(int number) {
                return number >= 0 && number < copy.size() ? Optional.of(copy.get(number)) : Optional.empty();
            }

            @Override
            public OptionalInt number(String name) {
                Integer n = byName.get(name);
                return n == null ? OptionalInt.empty() : OptionalInt.of(n);
            }
        };
    }
}
