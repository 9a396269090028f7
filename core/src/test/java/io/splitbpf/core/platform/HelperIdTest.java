package io.splitbpf.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HelperIdTest {
    @Test
    void byIdAndByName() {
        assertEquals("bpf_map_lookup_elem", HelperId.of(1).orElseThrow().name());
        assertEquals("bpf_loop", HelperId.of(181).orElseThrow().name());
        assertEquals("bpf_cgrp_storage_delete", HelperId.of(211).orElseThrow().name());
        assertEquals(211, HelperId.MAX_ID);
        assertEquals(Optional.empty(), HelperId.of(212));
        assertEquals(Optional.empty(), HelperId.of(-1));
        assertEquals(131, HelperId.byName("bpf_ringbuf_reserve").orElseThrow().id());
        assertEquals(131, HelperId.byName("ringbuf_reserve").orElseThrow().id());
        assertEquals(Optional.empty(), HelperId.byName("bpf_nope"));
        assertEquals("bpf_tail_call#12", HelperId.of(12).orElseThrow().toString());
        for (HelperId h : HelperId.all()) {
            assertEquals(h, HelperId.byName(h.name()).orElseThrow());
        }
    }
}
