package io.splitbpf.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.ProgramType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    @Test
    void helpersThatMovePacketDataAreLinuxs() {
        // bpf_helper_changes_pkt_data (net/core/filter.c), restricted to the described helpers.
        Set<Integer> linux = Set.of(9, 10, 11, 13, 18, 19, 31, 38, 39, 43, 44, 50, 54, 63, 65, 73, 74, 75, 76, 90, 91);
        TreeSet<Integer> ours = new TreeSet<>();
        HelperPrototype.all().forEach((id, p) -> {
            if (p.reallocatesPacket()) {
                ours.add(id);
            }
        });
        TreeSet<Integer> expected = new TreeSet<>(linux);
        expected.retainAll(HelperPrototype.all().keySet());
        assertEquals(expected, ours);
    }

    @Test
    void helpersFollowTheContextTheyTake() {
        // skb helpers take an __sk_buff, XDP helpers an xdp_md, override_return pt_regs.
        assertFalse(ProgramTypeDescriptor.XDP.allows(9));
        assertFalse(ProgramTypeDescriptor.SOCKET_FILTER.allows(9), "Linux's socket filters cannot store bytes");
        assertTrue(ProgramTypeDescriptor.SCHED_CLS.allows(9) && ProgramTypeDescriptor.SCHED_CLS.allows(34));
        assertFalse(ProgramTypeDescriptor.SCHED_CLS.allows(44));
        assertTrue(ProgramTypeDescriptor.KPROBE.allows(58) && !ProgramTypeDescriptor.TRACEPOINT.allows(58));
        assertTrue(ProgramTypeDescriptor.PERF_EVENT.allows(56) && !ProgramTypeDescriptor.KPROBE.allows(56));
        assertTrue(ProgramTypeDescriptor.SOCK_OPS.allows(59) && !ProgramTypeDescriptor.CGROUP_SOCK.allows(59));
    }

    @Test
    void returnRangesFollowTheAttachType() {
        ProgramTypeDescriptor egress = ProgramTypeDescriptor.of(ProgramType.CGROUP_SKB,
                Optional.of(AttachType.CGROUP_INET_EGRESS)).orElseThrow();
        assertEquals(List.of(0L, 3L), List.of(egress.returnLow(), egress.returnHigh()));
        ProgramTypeDescriptor ingress = ProgramTypeDescriptor.of(ProgramType.CGROUP_SKB,
                Optional.of(AttachType.CGROUP_INET_INGRESS)).orElseThrow();
        assertEquals(List.of(0L, 1L), List.of(ingress.returnLow(), ingress.returnHigh()));
        assertEquals(0, ProgramTypeDescriptor.TRACING.forAttach(AttachType.TRACE_FENTRY).returnHigh());
        assertEquals(Long.MAX_VALUE, ProgramTypeDescriptor.TRACING.forAttach(AttachType.MODIFY_RETURN).returnHigh());
        assertEquals(1, ProgramTypeDescriptor.CGROUP_SOCK_ADDR.forAttach(AttachType.CGROUP_UDP4_RECVMSG).returnLow());
        // An attach type of another program type changes nothing.
        assertEquals(ProgramTypeDescriptor.SOCK_OPS, ProgramTypeDescriptor.SOCK_OPS.forAttach(AttachType.MODIFY_RETURN));
        assertEquals(Long.MAX_VALUE, ProgramTypeDescriptor.XDP.returnHigh(), "Linux does not check XDP actions");
    }

    @Test
    void sockOpsContext() {
        ContextDescriptor ctx = ProgramTypeDescriptor.SOCK_OPS.context();
        assertEquals(224, ctx.size());
        assertEquals(Optional.of(192), ctx.data());
        assertEquals(Optional.of(200), ctx.dataEnd());
        assertEquals(8, ctx.pointerWidth());
        assertEquals(Optional.of("data_end"), ctx.pointerFieldOverlapping(204, 4));
        assertEquals("sk", ctx.opaqueFieldOverlapping(188, 4).orElseThrow().name());
        assertTrue(ctx.isWritable(4, 4) && ctx.isWritable(164, 4));
        assertFalse(ctx.isWritable(16, 4), "Linux writes reply, not the rest of replylong[]");
        assertFalse(ctx.isWritable(0, 4));
    }

    @Test
    void fieldsNeverOverlapThePacketPointers() {
        for (ProgramTypeDescriptor d : ProgramTypeDescriptor.ALL) {
            ContextDescriptor c = d.context();
            for (ContextField f : c.writable()) {
                assertEquals(Optional.empty(), c.pointerFieldOverlapping(f.offset(), f.width()), d.name() + " " + f);
                assertEquals(Optional.empty(), c.opaqueFieldOverlapping(f.offset(), f.width()), d.name() + " " + f);
            }
            for (ContextField f : c.opaque()) {
                assertEquals(Optional.empty(), c.pointerFieldOverlapping(f.offset(), f.width()), d.name() + " " + f);
            }
        }
    }

    @Test
    void everyDescribedTypeIsFound() {
        for (ProgramTypeDescriptor d : ProgramTypeDescriptor.ALL) {
            if (d != ProgramTypeDescriptor.PREVAIL_TEST) {
                assertEquals(d, ProgramTypeDescriptor.of(d.type()).orElseThrow(), d.name());
                assertEquals(d.type().bpftoolName(), d.name());
            }
        }
    }
}
