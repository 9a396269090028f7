package io.splitbpf.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/// The widths Linux's `*_is_valid_access` functions allow, as the descriptors' tables give them.
class ContextDescriptorTest {
    private static Optional<String> read(ContextDescriptor c, int offset, int width) {
        return c.refusal(offset, width, false);
    }

    private static Optional<String> write(ContextDescriptor c, int offset, int width) {
        return c.refusal(offset, width, true);
    }

    @Test
    void skBuffReadsAreNarrowInsideOneField() {
        ContextDescriptor tc = LinuxContexts.SK_BUFF_TC;
        for (int w : new int[] {1, 2, 4}) {
            for (int at = 8; at < 12; at += w) {
                assertEquals(Optional.empty(), read(tc, at, w), w + " bytes at " + at);
            }
        }
        assertEquals(Optional.of("8-byte read at offset 8 spans fields mark and queue_mapping"), read(tc, 8, 8));
        assertEquals(Optional.of("2-byte read at offset 9 is not aligned to its size"), read(tc, 9, 2));
        assertEquals(Optional.of("2-byte read at offset 76 of field data (allowed: 4 bytes)"), read(tc, 76, 2));
        assertEquals(Optional.of("4-byte read at offset 152 of field tstamp (allowed: 8 bytes)"), read(tc, 152, 4));
        assertEquals(Optional.of("1-byte read at offset 182 touches no field of __sk_buff"), read(tc, 182, 1));
    }

    @Test
    void cbTakesAnyAlignedWidthInsideIt() {
        ContextDescriptor filter = LinuxContexts.SK_BUFF_SOCKET_FILTER;
        assertEquals(Optional.empty(), read(filter, 48, 8));
        assertEquals(Optional.empty(), read(filter, 56, 8));
        assertEquals(Optional.empty(), write(filter, 56, 8));
        assertEquals(Optional.empty(), write(filter, 67, 1));
        assertEquals(Optional.of("8-byte read at offset 64 spans fields cb and hash"), read(filter, 64, 8));
        assertEquals(Optional.of("8-byte write at offset 52 is not aligned to its size"), write(filter, 52, 8));
    }

    @Test
    void eachSkBuffTypeReadsAndWritesItsOwnFields() {
        assertEquals(Optional.of("4-byte read at offset 76 of field data, which cannot be read"),
                read(LinuxContexts.SK_BUFF_SOCKET_FILTER, 76, 4));
        assertEquals(Optional.empty(), read(LinuxContexts.SK_BUFF_CGROUP, 76, 4));
        assertEquals(Optional.of("4-byte read at offset 92 of field remote_ip4, which cannot be read"),
                read(LinuxContexts.SK_BUFF_TC, 92, 4));
        assertEquals(Optional.empty(), read(LinuxContexts.SK_BUFF_SK_SKB, 92, 4));
        assertEquals(Optional.of("4-byte read at offset 8 of field mark, which cannot be read"),
                read(LinuxContexts.SK_BUFF_SK_SKB, 8, 4));
        assertEquals(Optional.empty(), read(LinuxContexts.SK_BUFF_TC, 180, 1));
        assertTrue(read(LinuxContexts.SK_BUFF_CGROUP, 180, 1).isPresent(), "tstamp_type is tc's");
        assertTrue(read(LinuxContexts.SK_BUFF_FLOW_DISSECTOR, 0, 4).isPresent());
        assertEquals(Optional.empty(), read(LinuxContexts.SK_BUFF_FLOW_DISSECTOR, 80, 4));
        assertEquals(Optional.of("2-byte write at offset 8 of field mark (allowed: 4 bytes)"),
                write(LinuxContexts.SK_BUFF_TC, 8, 2));
        assertEquals(Optional.empty(), write(LinuxContexts.SK_BUFF_TC, 152, 8));
        assertEquals(Optional.of("4-byte write at offset 0 of field len, which is not writable"),
                write(LinuxContexts.SK_BUFF_TC, 0, 4));
    }

    @Test
    void xdpFieldsAreReadWhole() {
        ContextDescriptor xdp = LinuxContexts.XDP_MD;
        assertEquals(Optional.empty(), read(xdp, 12, 4));
        assertEquals(Optional.of("1-byte read at offset 12 of field ingress_ifindex (allowed: 4 bytes)"), read(xdp, 12, 1));
        assertFalse(xdp.isWritable(12, 4));
        assertTrue(xdp.writable().isEmpty());
    }

    @Test
    void sockAddrReadsNarrowAndWritesWideAddresses() {
        ContextDescriptor sa = LinuxContexts.SOCK_ADDR;
        assertEquals(Optional.empty(), read(sa, 10, 2));
        assertEquals(Optional.empty(), read(sa, 16, 8));
        assertEquals(Optional.empty(), write(sa, 8, 8));
        assertEquals(Optional.empty(), write(sa, 48, 8));
        assertEquals(Optional.of("8-byte write at offset 44 is not aligned to its size"), write(sa, 44, 8));
        assertEquals(Optional.of("2-byte write at offset 24 of field user_port (allowed: 4 bytes)"), write(sa, 24, 2));
        assertEquals(Optional.of("1-byte read at offset 28 of field family (allowed: 4 bytes)"), read(sa, 28, 1));
        assertTrue(sa.isWritable(12, 4) && !sa.isWritable(28, 4));
    }

    @Test
    void tracingContextsReadAlignedOnly() {
        assertEquals(Optional.empty(), read(LinuxContexts.PT_REGS, 4, 4));
        assertEquals(Optional.empty(), read(LinuxContexts.PT_REGS, 160, 8));
        assertEquals(Optional.of("4-byte read at offset 6 is not aligned to its size"), read(LinuxContexts.PT_REGS, 6, 4));
        assertEquals(Optional.of("4-byte write at offset 0 of field regs, which is not writable"),
                write(LinuxContexts.PT_REGS, 0, 4));
        assertEquals(Optional.of("4-byte read at offset 8 of field regs (allowed: 8 bytes)"),
                read(LinuxContexts.PERF_EVENT_DATA, 8, 4));
        assertEquals(Optional.empty(), read(LinuxContexts.PERF_EVENT_DATA, 172, 4));
        assertEquals(Optional.of("8-byte read at offset 0 of field common, which cannot be read"),
                read(LinuxContexts.TRACEPOINT_RECORD, 0, 8));
        assertEquals(Optional.empty(), read(LinuxContexts.FUNCTION_ARGS, 91, 1));
    }

    @Test
    void otherContextsFollowTheirOwnRules() {
        assertEquals(Optional.empty(), read(LinuxContexts.SOCK, 4, 2));
        assertEquals(Optional.of("1-byte read at offset 5 of field family (allowed: 1, 2 or 4 bytes at its start)"),
                read(LinuxContexts.SOCK, 5, 1));
        assertEquals(Optional.empty(), read(LinuxContexts.SOCK, 48, 4));
        assertEquals(Optional.empty(), read(LinuxContexts.SOCK, 49, 1));
        assertEquals(Optional.of("1-byte read at offset 20 of field eth_protocol (allowed: 2 or 4 bytes)"),
                read(LinuxContexts.SK_REUSEPORT_MD, 20, 1));
        assertEquals(Optional.empty(), read(LinuxContexts.SK_LOOKUP, 38, 2));
        assertEquals(Optional.of("4-byte read at offset 68 touches no field of bpf_sk_lookup"),
                read(LinuxContexts.SK_LOOKUP, 68, 4));
        assertEquals(Optional.of("2-byte read at offset 16 of field family (allowed: 4 bytes)"),
                read(LinuxContexts.SK_MSG_MD, 16, 2));
        assertEquals(Optional.empty(), write(LinuxContexts.SOCK_OPS, 4, 4));
        assertEquals(Optional.of("4-byte read at offset 168 of field bytes_received (allowed: 8 bytes)"),
                read(LinuxContexts.SOCK_OPS, 168, 4));
        assertEquals(Optional.empty(), write(LinuxContexts.SYSCTL, 4, 4));
        assertEquals(Optional.empty(), read(LinuxContexts.CGROUP_DEV, 1, 1));
    }

    @Test
    void aLayoutWithoutFieldsConstrainsNoWidth() {
        ContextDescriptor prevail = ContextDescriptor.packet("test_ctx", 64, 0, 4, -1, 4);
        assertEquals(Optional.empty(), read(prevail, 1, 8));
        assertFalse(prevail.isWritable(8, 4));
    }

    @Test
    void fieldsLieInsideTheirStructure() {
        for (ProgramTypeDescriptor d : ProgramTypeDescriptor.ALL) {
            ContextDescriptor c = d.context();
            for (ContextField f : c.fields()) {
                assertTrue(f.end() <= c.size(), d.name() + " " + f);
                assertEquals(Optional.empty(), c.opaqueFieldOverlapping(f.offset(), f.width()), d.name() + " " + f);
            }
            assertEquals(d == ProgramTypeDescriptor.PREVAIL_TEST, c.fields().isEmpty(), d.name());
        }
    }
}
