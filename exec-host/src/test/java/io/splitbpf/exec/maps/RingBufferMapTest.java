package io.splitbpf.exec.maps;

import static io.splitbpf.exec.maps.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.memory.TenantMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RingBufferMapTest {
    private final TenantMemory memory = TenantMemory.allocate("t", 1 << 20);
    private final RingBufferMap rb = (RingBufferMap) BpfMap.create(spec("rb", MapType.RINGBUF, 0, 0, 4096), memory, 1);

    @AfterEach
    void close() {
        memory.close();
    }

    private long reserveFilled(int length, byte fill) {
        long sample = rb.reserve(length, 0);
        assertTrue(sample != 0, "reserve " + length);
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, fill);
        memory.write(sample, b);
        return sample;
    }

    @Test
    void recordsComeOutInReservationOrderAndWaitForTheOldestToFinish() {
        long a = reserveFilled(3, (byte) 1);
        long b = reserveFilled(5, (byte) 2);
        long c = reserveFilled(1, (byte) 3);
        rb.submit(b, 0);
        assertEquals(Optional.empty(), rb.poll());
        rb.discard(a, 0);
        assertArrayEquals(new byte[] {2, 2, 2, 2, 2}, rb.poll().orElseThrow());
        assertEquals(Optional.empty(), rb.poll());
        rb.submit(c, RingBufferMap.NO_WAKEUP);
        List<byte[]> got = new ArrayList<>();
        assertEquals(1, rb.consume(got::add));
        assertArrayEquals(new byte[] {3}, got.get(0));
        assertEquals(0, rb.pending());
        assertThrows(IllegalArgumentException.class, () -> rb.submit(c, 0));
    }

    @Test
    void spaceIsAccountedWithHeadersAndAFullBufferRefuses() {
        assertEquals(0, rb.reserve(4096 - 7, 0));
        assertEquals(0, rb.reserve(8, 1));
        long big = rb.reserve(4096 - 8, 0);
        assertTrue(big != 0);
        assertEquals(4096, rb.pending());
        assertEquals(0, rb.reserve(1, 0));
        rb.submit(big, 0);
        assertEquals(4088, rb.poll().orElseThrow().length);
        assertEquals(0, rb.pending());
    }

    @Test
    void aRecordThatWouldWrapStartsAtTheBeginningAfterPadding() {
        long first = reserveFilled(3000, (byte) 1);
        rb.submit(first, 0);
        rb.poll().orElseThrow();
        long second = reserveFilled(2000, (byte) 2);
        assertEquals(first, second);
        rb.submit(second, RingBufferMap.FORCE_WAKEUP);
        assertArrayEquals(filled(2000, (byte) 2), rb.poll().orElseThrow());
    }

    @Test
    void wakeupsFollowTheFlags() {
        rb.submit(reserveFilled(8, (byte) 0), 0);
        assertEquals(1, rb.wakeups());
        rb.submit(reserveFilled(8, (byte) 0), 0);
        assertEquals(1, rb.wakeups(), "the consumer has not caught up: no signal");
        rb.submit(reserveFilled(8, (byte) 0), RingBufferMap.FORCE_WAKEUP);
        assertEquals(2, rb.wakeups());
        rb.consume(b -> { });
        rb.submit(reserveFilled(8, (byte) 0), RingBufferMap.NO_WAKEUP);
        assertEquals(2, rb.wakeups());
    }

    @Test
    void keyedOperationsAreNotSupported() {
        assertEquals(Errno.ENOTSUPP, assertThrows(MapException.class, () -> rb.lookup(new byte[0])).errno());
        assertEquals(List.of(), rb.dump());
    }

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, b);
        return out;
    }
}
