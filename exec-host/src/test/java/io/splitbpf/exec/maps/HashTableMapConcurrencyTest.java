package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/// Several threads update, delete and look up the same keys. Every value written has equal
/// halves (64 bytes: the same long eight times), so a torn or foreign value shows. The maps
/// whose keys are indexed on the Java heap (hash, per-slot hash, their LRU kinds, LPM trie) are tried.
class HashTableMapConcurrencyTest {
    private static final int KEYS = 8;
    private static final int ROUNDS = 20_000;
    private static final int VALUE = 64;

    private static byte[] value(long v) {
        ByteBuffer b = ByteBuffer.allocate(VALUE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < VALUE / 8; i++) {
            b.putLong(v);
        }
        return b.array();
    }

    private static void checkWhole(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        long first = b.getLong();
        for (int i = 1; i < VALUE / 8; i++) {
            assertEquals(first, b.getLong(), "torn value");
        }
        assertTrue(first >= 0 && first % KEYS < KEYS, "a value that was never written: " + first);
    }

    private void run(MapType type) throws Exception {
        run(spec("c", type, 4, VALUE, KEYS), TestSpecs::u32);
    }

    private void run(MapSpec spec, LongFunction<byte[]> key) throws Exception {
        MapType type = spec.type();
        try (TenantMemory memory = TenantMemory.allocate("t", 1 << 20);
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            BpfMap map = BpfMap.create(spec, memory, 2);
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int writer = t;
                tasks.add(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        int k = (i + writer) % KEYS;
                        if (i % 7 == 3) {
                            try {
                                map.delete(key.apply(k));
                            } catch (MapException e) {
                                assertEquals(Errno.ENOENT, e.errno());
                            }
                        } else {
                            map.update(key.apply(k), value((long) i * KEYS + k), BpfMap.ANY);
                        }
                    }
                    return 0L;
                });
            }
            for (int t = 0; t < 2; t++) {
                tasks.add(() -> {
                    long seen = 0;
                    for (int i = 0; i < ROUNDS; i++) {
                        int k = i % KEYS;
                        Optional<byte[]> v = map.lookup(key.apply(k));
                        if (v.isPresent()) {
                            byte[] bytes = v.get();
                            if (type == MapType.PERCPU_HASH || type == MapType.LRU_PERCPU_HASH) {
                                bytes = java.util.Arrays.copyOf(bytes, VALUE);
                            }
                            checkWhole(bytes);
                            assertEquals(k, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong() % KEYS,
                                    "a value of another key");
                            seen++;
                        }
                        map.nextKey(Optional.of(key.apply(k)));
                    }
                    return seen;
                });
            }
            for (Future<Long> f : pool.invokeAll(tasks)) {
                f.get();
            }
            for (MapEntry e : map.dump()) {
                checkWhole(java.util.Arrays.copyOf(e.value(), VALUE));
            }
        }
    }

    @Test
    void hashLookupsNeverSeeTornOrForeignValues() throws Exception {
        run(MapType.HASH);
    }

    @Test
    void perSlotHashLookupsNeverSeeTornOrForeignValues() throws Exception {
        run(MapType.PERCPU_HASH);
    }

    @Test
    void lruHashLookupsNeverSeeTornOrForeignValuesWhileEvicting() throws Exception {
        run(spec("c", MapType.LRU_HASH, 4, VALUE, KEYS / 2), TestSpecs::u32);
        run(spec("c", MapType.LRU_PERCPU_HASH, 4, VALUE, KEYS / 2), TestSpecs::u32);
    }

    @Test
    void lpmTrieLookupsNeverSeeTornOrForeignValues() throws Exception {
        MapSpec lpm = new MapSpec("c", MapType.LPM_TRIE, 8, VALUE, KEYS, 1, 0, 0, 0, Optional.empty(), new byte[0],
                List.of(), false, Optional.empty(), Optional.empty(), MapOrigin.BTF);
        // Host routes of neighbouring addresses: the trie branches and rebranches as they come and go.
        run(lpm, k -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(32)
                .order(ByteOrder.BIG_ENDIAN).putInt(0x0a000000 | (int) k).array());
    }
}
