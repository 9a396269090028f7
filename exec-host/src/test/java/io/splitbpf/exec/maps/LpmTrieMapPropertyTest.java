package io.splitbpf.exec.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/// The LPM trie behaves like a list of prefixes searched by brute force: exact updates and
/// deletes under Linux's flags and limits, longest-prefix lookups, and iteration in post-order
/// (a prefix after every longer one it contains, the 0 branch before the 1 branch).
class LpmTrieMapPropertyTest {
    private static final int MAX = 8;
    private static final int BITS = 16;

    /// kind 0, 1: update; 2: delete; 3: lookup.
    record Op(int kind, int prefixlen, int data, int value, long flags) {}

    /// A prefix of the model: its length and its data (the bits past the prefix as given).
    record Prefix(int len, int data) {
        int masked() {
            return len == 0 ? 0 : data >>> (BITS - len) << (BITS - len);
        }

        boolean contains(int len2, int data2) {
            return len <= len2 && (len == 0 || (data ^ data2) >>> (BITS - len) == 0);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // Few distinct data values, so that prefixes nest, collide and share branches.
        Arbitrary<Integer> data = Arbitraries.of(0x0000, 0x8000, 0xc0a8, 0xc0a9, 0xc0ff, 0x0a01, 0x0a00, 0xffff, 0x7fff);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, BITS + 1), data, Arbitraries.integers().between(0, 1000),
                Arbitraries.longs().between(0, 2)).as(Op::new);
        return op.list().ofMaxSize(80);
    }

    private static byte[] key(int prefixlen, int data) {
        return new byte[] {(byte) prefixlen, 0, 0, 0, (byte) (data >>> 8), (byte) data};
    }

    @Property(tries = 400)
    void matchesABruteForceModel(@ForAll("ops") List<Op> ops) {
        try (TenantMemory memory = TenantMemory.allocate("t", 1 << 16)) {
            LpmTrieMap map = (LpmTrieMap) BpfMap.create(LpmTrieMapTest.lpm("p", 6, MAX, 1), memory, 1);
            Map<Integer, Map.Entry<Prefix, Integer>> model = new LinkedHashMap<>();
            for (Op op : ops) {
                Prefix p = new Prefix(op.prefixlen(), op.data());
                int id = p.len() << 16 | p.masked();
                if (op.kind() == 3) {
                    assertEquals(longestMatch(model, p).map(e -> (long) e.getValue()), map.lookup(key(p.len(), p.data()))
                            .map(TestSpecs::asU32), op.toString());
                    continue;
                }
                int expected = expected(op, model.containsKey(id), model.size());
                int got = 0;
                try {
                    if (op.kind() < 2) {
                        map.update(key(p.len(), p.data()), TestSpecs.u32(op.value()), op.flags());
                    } else {
                        map.delete(key(p.len(), p.data()));
                    }
                } catch (MapException e) {
                    got = e.errno();
                }
                assertEquals(expected, got, op.toString());
                if (got == 0 && op.kind() < 2) {
                    model.put(id, Map.entry(p, op.value()));
                } else if (got == 0) {
                    model.remove(id);
                }
            }
            assertEquals(postOrder(model), iterate(map));
            assertEquals(model.size(), map.size());
        }
    }

    private static int expected(Op op, boolean present, int size) {
        if (op.prefixlen() > BITS) {
            return Errno.EINVAL;
        }
        if (op.kind() == 2) {
            return present ? 0 : Errno.ENOENT;
        }
        if (op.flags() == BpfMap.NOEXIST && present) {
            return Errno.EEXIST;
        }
        if (op.flags() == BpfMap.EXIST && !present) {
            return Errno.ENOENT;
        }
        return !present && size == MAX ? Errno.ENOSPC : 0;
    }

    private static Optional<Map.Entry<Prefix, Integer>> longestMatch(Map<Integer, Map.Entry<Prefix, Integer>> model,
                                                                     Prefix key) {
        if (key.len() > BITS) {
            return Optional.empty();
        }
        return model.values().stream().filter(e -> e.getKey().contains(key.len(), key.data()))
                .max(Comparator.comparingInt(e -> e.getKey().len()));
    }

    /// Post-order of the trie: a prefix contained in another comes first; else the one whose
    /// first differing bit is 0.
    private static List<String> postOrder(Map<Integer, Map.Entry<Prefix, Integer>> model) {
        List<Prefix> prefixes = new ArrayList<>(model.values().stream().map(Map.Entry::getKey).toList());
        prefixes.sort((a, b) -> {
            int common = Math.min(a.len(), b.len());
            int first = Math.min(Integer.numberOfLeadingZeros((a.data() ^ b.data()) << 16), BITS);
            if (first >= common) {
                return Integer.compare(b.len(), a.len());
            }
            return Integer.compare(a.data() >>> (BITS - 1 - first) & 1, b.data() >>> (BITS - 1 - first) & 1);
        });
        return prefixes.stream().map(p -> p.len() + ":" + Integer.toHexString(p.data())).toList();
    }

    private static List<String> iterate(LpmTrieMap map) {
        List<String> out = new ArrayList<>();
        for (Optional<byte[]> k = map.nextKey(Optional.empty()); k.isPresent(); k = map.nextKey(k)) {
            byte[] b = k.get();
            out.add((b[0] & 0xff) + ":" + Integer.toHexString((b[4] & 0xff) << 8 | b[5] & 0xff));
        }
        return out;
    }
}
