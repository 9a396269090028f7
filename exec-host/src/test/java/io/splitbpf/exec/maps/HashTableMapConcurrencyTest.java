package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.spec;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/// Several threads update, delete and look up the same keys. Every value written has equal
/// halves (64 bytes: the same long eight times), so a torn or foreign value shows.
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
        try (TenantMemory memory = TenantMemory.allocate("t", 1 << 20);
                ExecutorService pool = Executors.newFixedThreadPool(4)) {
            BpfMap map = BpfMap.create(spec("c", type, 4, VALUE, KEYS), memory, 2);
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int writer = t;
                tasks.add(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        int k = (i + writer) % KEYS;
                        if (i % 7 == 3) {
                            try {
                                map.delete(u32(k));
                            } catch (MapException e) {
                                assertEquals(Errno.ENOENT, e.errno());
                            }
                        } else {
                            map.update(u32(k), value((long) i * KEYS + k), BpfMap.ANY);
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
                        Optional<byte[]> v = map.lookup(u32(k));
                        if (v.isPresent()) {
                            byte[] bytes = v.get();
                            if (type == MapType.PERCPU_HASH) {
                                bytes = java.util.Arrays.copyOf(bytes, VALUE);
                            }
                            checkWhole(bytes);
                            assertEquals(k, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong() % KEYS,
                                    "a value of another key");
                            seen++;
                        }
                        map.nextKey(Optional.of(u32(k)));
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
}
