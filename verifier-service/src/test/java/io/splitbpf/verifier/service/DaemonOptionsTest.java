package io.splitbpf.verifier.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// The daemon's command line and its default limits.
class DaemonOptionsTest {
    @Test
    void defaultsListenOnAFreeLoopbackPort() {
        DaemonOptions o = DaemonOptions.parse();
        assertEquals(Optional.empty(), o.state());
        assertTrue(o.listen().getAddress().isLoopbackAddress());
        assertEquals(0, o.listen().getPort());
    }

    @Test
    void everyOptionInBothSpellings() throws Exception {
        DaemonOptions o = DaemonOptions.parse("--state", "/s", "--listen=0.0.0.0:7001", "--max-requests", "3",
                "--request-timeout=5", "--max-validity", "2");
        assertEquals(Optional.of(Path.of("/s")), o.state());
        assertEquals(InetAddress.getByName("0.0.0.0"), o.listen().getAddress());
        assertEquals(7001, o.listen().getPort());
        assertEquals(Optional.of(3), o.maxRequests());
        assertEquals(Optional.of(Duration.ofSeconds(5)), o.requestTimeout());
        assertEquals(Optional.of(Duration.ofDays(2)), o.maxValidity());
        assertEquals(6001, DaemonOptions.parse("--listen", "[::1]:6001").listen().getPort());
        assertTrue(DaemonOptions.parse("--help").help());
    }

    @Test
    void badValuesNameTheOption() {
        assertEquals("--listen: '127.0.0.1' is not HOST:PORT",
                assertThrows(IllegalArgumentException.class, () -> DaemonOptions.parse("--listen", "127.0.0.1")).getMessage());
        assertEquals("--listen: '99999' is not a port (0 to 65535)",
                assertThrows(IllegalArgumentException.class, () -> DaemonOptions.parse("--listen=h:99999")).getMessage());
        assertEquals("--max-requests: '0' is not a whole number from 1 to 2147483647",
                assertThrows(IllegalArgumentException.class, () -> DaemonOptions.parse("--max-requests", "0")).getMessage());
        assertEquals("unknown option '--bogus'",
                assertThrows(IllegalArgumentException.class, () -> DaemonOptions.parse("--bogus", "1")).getMessage());
        assertEquals("--state needs a value",
                assertThrows(IllegalArgumentException.class, () -> DaemonOptions.parse("--state")).getMessage());
    }

    @Test
    void theDefaultLimitsFollowTheHeap() {
        RequestLimits small = RequestLimits.defaults(256L << 20, 2);
        assertEquals(2, small.maxConcurrent());
        assertEquals(1 << 20, small.maxObjectBytes());
        RequestLimits large = RequestLimits.defaults(1L << 30, 2);
        assertEquals(4, large.maxConcurrent(), "at most two per core");
        assertEquals(4 << 20, large.maxObjectBytes());
        assertEquals(1, RequestLimits.defaults(32L << 20, 8).maxConcurrent());
        assertTrue(large.describe().startsWith("at most 4 at once (more get BUSY), 30 s and 1,000,000 analysis steps each"),
                large.describe());
    }
}
