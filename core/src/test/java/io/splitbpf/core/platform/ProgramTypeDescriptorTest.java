package io.splitbpf.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.ProgramType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgramTypeDescriptorTest {
    @Test
    void xdpContextHasPacketPointers() {
        ContextDescriptor ctx = ProgramTypeDescriptor.XDP.context();
        assertEquals(24, ctx.size());
        assertEquals(Optional.of("data_end"), ctx.pointerFieldOverlapping(4, 4));
        assertEquals(Optional.of("data_meta"), ctx.pointerFieldOverlapping(8, 4));
        assertEquals(Optional.of("data_end"), ctx.pointerFieldOverlapping(6, 4));
        assertEquals(Optional.empty(), ctx.pointerFieldOverlapping(12, 4));
        assertFalse(ctx.isWritable(12, 4));
        assertEquals(ProgramTypeDescriptor.XDP, ProgramTypeDescriptor.of(ProgramType.XDP).orElseThrow());
    }

    @Test
    void skbWritableFieldsDifferByType() {
        assertTrue(ProgramTypeDescriptor.SCHED_CLS.context().isWritable(8, 4));
        assertFalse(ProgramTypeDescriptor.SOCKET_FILTER.context().isWritable(8, 4));
        assertTrue(ProgramTypeDescriptor.SOCKET_FILTER.context().isWritable(52, 4));
        assertFalse(ProgramTypeDescriptor.SOCKET_FILTER.context().isWritable(66, 4));
        assertTrue(ProgramTypeDescriptor.CGROUP_SOCK_ADDR.context().isWritable(24, 4));
        assertFalse(ProgramTypeDescriptor.KPROBE.context().hasPacket());
    }

    @Test
    void everyAllowedHelperHasAPrototype() {
        for (ProgramTypeDescriptor d : ProgramTypeDescriptor.ALL) {
            for (int id : d.helpers()) {
                assertTrue(HelperPrototype.of(id).isPresent(), d.name() + " allows helper " + id + " without a prototype");
            }
        }
        HelperPrototype lookup = HelperPrototype.of(1).orElseThrow();
        assertEquals("bpf_map_lookup_elem", lookup.id().name());
        assertEquals(RetKind.MAP_VALUE_OR_NULL, lookup.ret());
        assertTrue(HelperPrototype.of(44).orElseThrow().reallocatesPacket());
        assertTrue(ProgramTypeDescriptor.XDP.allows(44) && !ProgramTypeDescriptor.KPROBE.allows(44));
    }
}
