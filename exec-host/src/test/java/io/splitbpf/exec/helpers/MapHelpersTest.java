package io.splitbpf.exec.helpers;

import static io.splitbpf.exec.maps.TestSpecs.asU64;
import static io.splitbpf.exec.maps.TestSpecs.globalData;
import static io.splitbpf.exec.maps.TestSpecs.spec;
import static io.splitbpf.exec.maps.TestSpecs.u32;
import static io.splitbpf.exec.maps.TestSpecs.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.spec.MapType;
import io.splitbpf.exec.maps.BpfMap;
import io.splitbpf.exec.maps.Errno;
import io.splitbpf.exec.maps.HashTableMap;
import io.splitbpf.exec.maps.PerSlotArrayMap;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.ExecutionException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// Map helpers called from assembled programs, under both engines.
class MapHelpersTest {
    /// counts[key r1] += 1, creating the key with 1 when absent; returns the new count.
    private static final String COUNTER = """
            *(u32 *)(r10 - 4) = r1
            r2 = r10
            r2 += -4
            r1 = map[counts] ll
            call 1
            if r0 == 0 goto +4
            r1 = 1
            lock *(u64 *)(r0 + 0) += r1
            r0 = *(u64 *)(r0 + 0)
            exit
            r1 = 1
            *(u64 *)(r10 - 16) = r1
            r2 = r10
            r2 += -4
            r3 = r10
            r3 += -16
            r4 = 1
            r1 = map[counts] ll
            call 2
            r0 = 100
            exit
            """;

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void aCounterProgramLooksUpAndAddsAtomically(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            HashTableMap counts = (HashTableMap) t.map(spec("counts", MapType.HASH, 4, 8, 16));
            ExecutionEngine.LoadedCode code = t.load(engine, COUNTER);
            ExecContext ctx = t.context(0);
            assertEquals(100, code.run(ctx.reset(), 7));
            assertEquals(2, code.run(ctx.reset(), 7));
            assertEquals(3, code.run(ctx.reset(), 7));
            assertEquals(100, code.run(ctx.reset(), 8));
            assertEquals(3, asU64(counts.lookup(u32(7)).orElseThrow()));
            assertEquals(1, asU64(counts.lookup(u32(8)).orElseThrow()));
            counts.update(u32(7), u64(41), BpfMap.EXIST);
            assertEquals(42, code.run(ctx.reset(), 7));
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void updateAndDeleteReturnLinuxErrnos(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            t.map(spec("h", MapType.HASH, 4, 8, 1));
            // r6 = update(key 1, NOEXIST); r7 = update(key 1, NOEXIST); r8 = update(key 2); r9 = delete(key 3)
            String program = """
                    r1 = 1
                    *(u32 *)(r10 - 4) = r1
                    *(u64 *)(r10 - 16) = r1
                    r1 = map[h] ll
                    r2 = r10
                    r2 += -4
                    r3 = r10
                    r3 += -16
                    r4 = 1
                    call 2
                    r6 = r0
                    r1 = map[h] ll
                    r2 = r10
                    r2 += -4
                    r3 = r10
                    r3 += -16
                    r4 = 1
                    call 2
                    r7 = r0
                    r1 = 2
                    *(u32 *)(r10 - 4) = r1
                    r1 = map[h] ll
                    r2 = r10
                    r2 += -4
                    r3 = r10
                    r3 += -16
                    r4 = 0
                    call 2
                    r8 = r0
                    r1 = 3
                    *(u32 *)(r10 - 4) = r1
                    r1 = map[h] ll
                    r2 = r10
                    r2 += -4
                    call 3
                    r0 <<= 48
                    r6 <<= 32
                    r0 |= r6
                    r7 &= 0xffff
                    r7 <<= 16
                    r0 |= r7
                    r8 &= 0xffff
                    r0 |= r8
                    exit
                    """;
            long r = t.load(engine, program).run(t.context(0).reset());
            assertEquals(-Errno.ENOENT & 0xffff, (r >>> 48) & 0xffff);
            assertEquals(0, (r >>> 32) & 0xffff);
            assertEquals(-Errno.EEXIST & 0xffff, (r >>> 16) & 0xffff);
            assertEquals(-Errno.E2BIG & 0xffff, r & 0xffff);
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void updatesAndDeletesOfAReadOnlyMapFailWithEperm(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            BpfMap rodata = t.map(globalData("rodata", u64(7), true));
            // r6 = update(rodata[0] = 9); r0 = delete(rodata[0]); both errnos in r0
            String program = """
                    r1 = 0
                    *(u32 *)(r10 - 4) = r1
                    r1 = 9
                    *(u64 *)(r10 - 16) = r1
                    r1 = map[rodata] ll
                    r2 = r10
                    r2 += -4
                    r3 = r10
                    r3 += -16
                    r4 = 0
                    call 2
                    r6 = r0
                    r1 = map[rodata] ll
                    r2 = r10
                    r2 += -4
                    call 3
                    r0 <<= 32
                    r6 &= 0xffffffff
                    r0 |= r6
                    exit
                    """;
            long r = t.load(engine, program).run(t.context(0).reset());
            assertEquals(-Errno.EPERM & 0xffff_ffffL, r >>> 32, "delete");
            assertEquals(-Errno.EPERM & 0xffff_ffffL, r & 0xffff_ffffL, "update");
            assertEquals(7, asU64(rodata.lookup(u32(0)).orElseThrow()), "the value is unchanged");
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void perSlotValuesFollowTheExecutionSlot(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            PerSlotArrayMap hits = (PerSlotArrayMap) t.map(spec("hits", MapType.PERCPU_ARRAY, 4, 8, 1));
            String program = """
                    r1 = 0
                    *(u32 *)(r10 - 4) = r1
                    r2 = r10
                    r2 += -4
                    r1 = map[hits] ll
                    call 1
                    if r0 == 0 goto +3
                    r1 = *(u64 *)(r0 + 0)
                    r1 += 1
                    *(u64 *)(r0 + 0) = r1
                    call 8
                    r6 = r0
                    r1 = 0
                    *(u32 *)(r10 - 4) = r1
                    r2 = r10
                    r2 += -4
                    r1 = map[hits] ll
                    r3 = 3
                    call 195
                    if r0 == 0 goto +2
                    r0 = *(u64 *)(r0 + 0)
                    r0 <<= 8
                    r0 |= r6
                    exit
                    """;
            ExecutionEngine.LoadedCode code = t.load(engine, program);
            for (int slot : new int[] {0, 2, 2, 3, 2}) {
                code.run(t.context(slot).reset());
            }
            assertEquals(List.of(1L, 0L, 3L, 1L), hits.lookupPerSlot(u32(0)).orElseThrow().stream()
                    .map(b -> asU64(b)).toList());
            // Slot 1 reads slot 3's counter (1) through map_lookup_percpu_elem.
            assertEquals(1L << 8 | 1, code.run(t.context(1).reset()));
        }
    }

    @ParameterizedTest
    @MethodSource("io.splitbpf.exec.helpers.Tenant#engines")
    void helpersRefuseForgedMapsAndUnreadableKeys(ExecutionEngine engine) {
        try (Tenant t = new Tenant()) {
            t.map(spec("h", MapType.HASH, 4, 8, 1));
            String forged = """
                    r1 = 0x10000001000 ll
                    r2 = r10
                    r2 += -4
                    call 1
                    exit
                    """;
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> t.load(engine, forged).run(t.context(0).reset()));
            assertTrue(e.getMessage().contains("bpf_map_lookup_elem: 0x10000001000 is not a map of tenant 'tenant'"),
                    e.getMessage());
            String badKey = """
                    r1 = map[h] ll
                    r2 = 0x10000000010 ll
                    call 1
                    exit
                    """;
            ExecutionException k = assertThrows(ExecutionException.class,
                    () -> t.load(engine, badKey).run(t.context(0).reset()));
            assertTrue(k.getMessage().contains("bpf_map_lookup_elem: load of 4 bytes at 0x10000000010"), k.getMessage());
        }
    }
}
