package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/// A hash map behaves like a sorted map of at most `max_entries` keys under Linux's flags.
class HashTableMapPropertyTest {
    private static final int MAX = 6;

    record Op(int kind, byte key, long value, long flags) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.bytes().between(
                (byte) 0, (byte) 9), Arbitraries.longs(), Arbitraries.longs().between(0, 2))
                .as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void matchesASortedModel(@ForAll("ops") List<Op> ops) {
        try (TenantMemory memory = TenantMemory.allocate("t", 1 << 16)) {
            HashTableMap map = (HashTableMap) BpfMap.create(spec("p", MapType.HASH, 2, 8, MAX), memory, 1);
            TreeMap<Integer, Long> model = new TreeMap<>();
            for (Op op : ops) {
                byte[] key = {op.key(), 1};
                int k = op.key() & 0xff;
                int expected = switch (op.kind()) {
                    case 0, 1 -> op.flags() == BpfMap.NOEXIST && model.containsKey(k) ? Errno.EEXIST
                            : op.flags() == BpfMap.EXIST && !model.containsKey(k) ? Errno.ENOENT
                            : !model.containsKey(k) && model.size() == MAX ? Errno.E2BIG : 0;
                    default -> model.containsKey(k) ? 0 : Errno.ENOENT;
                };
                int got = 0;
                try {
                    if (op.kind() < 2) {
                        map.update(key, TestSpecs.u64(op.value()), op.flags());
                    } else {
                        map.delete(key);
                    }
                } catch (MapException e) {
                    got = e.errno();
                }
                assertEquals(expected, got, op.toString());
                if (got == 0 && op.kind() < 2) {
                    model.put(k, op.value());
                } else if (got == 0) {
                    model.remove(k);
                }
            }
            List<Integer> keys = new ArrayList<>();
            for (Optional<byte[]> k = map.nextKey(Optional.empty()); k.isPresent(); k = map.nextKey(k)) {
                keys.add(k.get()[0] & 0xff);
            }
            assertEquals(new ArrayList<>(model.keySet()), keys);
            for (var e : model.entrySet()) {
                assertArrayEquals(TestSpecs.u64(e.getValue()),
                        map.lookup(new byte[] {(byte) (int) e.getKey(), 1}).orElseThrow());
            }
            assertEquals(model.size(), map.size());
            assertEquals(model.size(), map.dump().size());
            assertEquals(Arrays.asList(model.keySet().toArray()), map.dump().stream()
                    .map(e -> e.key()[0] & 0xff).toList());
        }
    }
}
