package io.splitbpf.exec.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/// Regions come back zeroed after a release and their space is reused, so a tenant that loads
/// and unloads does not run out of memory; neighbouring released blocks merge.
class TenantMemoryTest {
    @Test
    void releasedSpaceIsZeroedAndReused() {
        try (TenantMemory memory = TenantMemory.allocate("t", 1 << 16)) {
            long initial = memory.available();
            Region a = memory.allocate("a", 100, 8, true);
            Region b = memory.allocate("b", 100, 8, true);
            memory.write(a.address(), new byte[] {1, 2, 3});
            memory.release(a);
            Region c = memory.allocate("c", 64, 16, true);
            assertEquals(a.address(), c.address(), "first fit in the released space");
            assertArrayEquals(new byte[3], memory.read(c.address(), 3), "zeroed");
            memory.release(c);
            memory.release(b);
            assertEquals(initial, memory.available(), "everything released");
            assertEquals(List.of(), memory.regions());
            assertThrows(IllegalArgumentException.class, () -> memory.release(b), "released twice");
        }
    }

    @Test
    void fullMemoryNamesTheTenantAndRandomChurnNeverLeaks() {
        try (TenantMemory memory = TenantMemory.allocate("alice", 1 << 16)) {
            MemoryFullException full = assertThrows(MemoryFullException.class,
                    () -> memory.allocate("huge", 1 << 20, 8, true));
            assertTrue(full.getMessage().contains("tenant 'alice' memory is full"), full.getMessage());
            long initial = memory.available();
            Random random = new Random(7);
            List<Region> live = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                if (!live.isEmpty() && random.nextBoolean()) {
                    memory.release(live.remove(random.nextInt(live.size())));
                    continue;
                }
                try {
                    Region r = memory.allocate("r" + i, random.nextInt(2000), 1L << random.nextInt(7), true);
                    for (Region other : live) {
                        assertTrue(r.end() <= other.address() || other.end() <= r.address() || r.size() == 0
                                || other.size() == 0, r + " overlaps " + other);
                    }
                    live.add(r);
                } catch (MemoryFullException fragmented) {
                    assertTrue(!live.isEmpty(), "an empty memory holds 2000 bytes");
                }
            }
            live.forEach(memory::release);
            assertEquals(initial, memory.available());
        }
    }
}
