package io.splitbpf.core.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SocketLayoutTest {
    @Test
    void commonFieldsAreReadableWholeOrInAllowedParts() {
        assertTrue(SocketLayout.isReadable(72, 4), "state");
        assertTrue(SocketLayout.isReadable(0, 4), "bound_dev_if");
        assertTrue(SocketLayout.isReadable(25, 1), "a byte of src_ip4");
        assertTrue(SocketLayout.isReadable(42, 2), "the last half of src_ip6");
        assertTrue(SocketLayout.isReadable(48, 4), "dst_port as u32");
        assertTrue(SocketLayout.isReadable(49, 1), "a byte of dst_port");
        assertTrue(SocketLayout.isReadable(4, 2), "family from its start");
    }

    @Test
    void otherReadsAreRejected() {
        assertFalse(SocketLayout.isReadable(8, 4), "type is not common to every socket");
        assertFalse(SocketLayout.isReadable(20, 4), "priority is not common to every socket");
        assertFalse(SocketLayout.isReadable(0, 1), "bound_dev_if must be read whole");
        assertFalse(SocketLayout.isReadable(50, 1), "padding after dst_port");
        assertFalse(SocketLayout.isReadable(48, 8), "wider than four bytes");
        assertFalse(SocketLayout.isReadable(26, 4), "misaligned");
        assertFalse(SocketLayout.isReadable(5, 1), "family only from its start");
        assertFalse(SocketLayout.isReadable(SocketLayout.SIZE, 4), "past the end");
        assertFalse(SocketLayout.isReadable(-4, 4), "before the start");
    }
}
