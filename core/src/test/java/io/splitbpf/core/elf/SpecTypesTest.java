package io.splitbpf.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.spec.ProgramType;
import org.junit.jupiter.api.Test;

/// Spot checks of the id and name tables against Linux's enums and bpftool's names.
class SpecTypesTest {
    @Test
    void programTypes() {
        assertEquals(3, ProgramType.SCHED_CLS.id());
        assertEquals("sched_cls", ProgramType.SCHED_CLS.bpftoolName());
        assertEquals("socket_filter", ProgramType.SOCKET_FILTER.bpftoolName());
        assertEquals(ProgramType.NETFILTER, ProgramType.ofId(32).orElseThrow());
        assertEquals(ProgramType.XDP, ProgramType.ofBpftoolName("xdp").orElseThrow());
    }

    @Test
    void mapTypes() {
        assertEquals(6, MapType.PERCPU_ARRAY.id());
        assertEquals(27, MapType.RINGBUF.id());
        assertEquals(33, MapType.ARENA.id());
        assertEquals("lru_percpu_hash", MapType.LRU_PERCPU_HASH.bpftoolName());
        assertEquals(MapType.DEVMAP_HASH, MapType.ofId(25).orElseThrow());
    }

    @Test
    void attachTypes() {
        assertEquals(37, AttachType.XDP.id());
        assertEquals(10, AttachType.CGROUP_INET4_CONNECT.id());
        assertEquals("cgroup_inet4_connect", AttachType.CGROUP_INET4_CONNECT.bpftoolName());
        assertEquals(AttachType.TRACE_UPROBE_SESSION, AttachType.ofId(57).orElseThrow());
        for (AttachType t : AttachType.values()) {
            assertEquals(t.ordinal(), t.id(), t.name());
        }
    }
}
