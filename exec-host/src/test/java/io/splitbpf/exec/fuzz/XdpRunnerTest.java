package io.splitbpf.exec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.asm.MapNames;
import io.splitbpf.exec.interp.Interpreter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/// [XdpRunner] holds programs to exactly their memory: the packet from `data_meta` to
/// `data_end`, each map value's `value_size` bytes, the read-only context.
class XdpRunnerTest {
    private static final byte[] NONE = new byte[0];

    private static XdpRunner.Outcome run(String asm, XdpInput input) {
        MapNames names = MapNames.of(XdpProgramGenerator.MAPS.stream().map(m -> m.name()).toList());
        try (XdpRunner runner = new XdpRunner(new Interpreter())) {
            return runner.run(runner.load(Assembler.of(Dialect.LLVM).withMaps(names).assemble(asm)), input);
        }
    }

    private static XdpInput input(byte[] meta, byte[] packet) {
        return new XdpInput(meta, packet, List.of(new byte[12], new byte[12], new byte[12], new byte[12]),
                new TreeMap<>(), 1);
    }

    @Test
    void packetEndsAtDataEnd() {
        String last = "r2 = *(u32 *)(r1 + 0)\nr3 = *(u32 *)(r1 + 4)\nr3 += -1\nr0 = *(u8 *)(r3 + 0)\nexit\n";
        assertEquals(new XdpRunner.Outcome.Returned(7), run(last, input(NONE, new byte[] {1, 2, 7})));
        String past = "r3 = *(u32 *)(r1 + 4)\nr0 = *(u8 *)(r3 + 0)\nexit\n";
        assertInstanceOf(XdpRunner.Outcome.Faulted.class, run(past, input(NONE, new byte[] {1, 2, 7})));
    }

    @Test
    void metaAreaIsBeforeData() {
        String before = "r2 = *(u32 *)(r1 + 0)\nr0 = *(u8 *)(r2 - 1)\nexit\n";
        assertEquals(new XdpRunner.Outcome.Returned(9), run(before, input(new byte[] {0, 0, 0, 9}, new byte[] {1})));
        assertInstanceOf(XdpRunner.Outcome.Faulted.class, run(before, input(NONE, new byte[] {1})));
        String meta = "r2 = *(u32 *)(r1 + 8)\nr0 = *(u8 *)(r2 + 0)\nexit\n";
        assertEquals(new XdpRunner.Outcome.Returned(5), run(meta, input(new byte[] {5, 0, 0, 0}, NONE)));
    }

    @Test
    void mapValuesEndAtValueSize() {
        String lookup = """
                *(u32 *)(r10 - 4) = 1
                r2 = r10
                r2 += -4
                r1 = map[values]
                call 1
                if r0 == 0 goto +2
                r0 = *(u8 *)(r0 + %d)
                exit
                r0 = 99
                exit
                """;
        assertEquals(new XdpRunner.Outcome.Returned(0), run(lookup.formatted(11), input(NONE, NONE)));
        // Byte 12 is padding (values are 16 bytes apart): outside the value.
        XdpRunner.Outcome padding = run(lookup.formatted(12), input(NONE, NONE));
        assertTrue(padding instanceof XdpRunner.Outcome.Faulted f && f.message().contains("outside"), padding.toString());
    }

    @Test
    void partOfAPacketPointerReadsAsZero() {
        assertEquals(new XdpRunner.Outcome.Returned(0), run("r0 = *(u16 *)(r1 + 4)\nexit\n", input(NONE, new byte[] {1})));
        assertEquals(new XdpRunner.Outcome.Returned(0), run("r0 = *(u64 *)(r1 + 4)\nexit\n", input(NONE, new byte[] {1})));
    }

    @Test
    void misalignedAtomicsOnTheStackUpdateTheirBytes() {
        String add = """
                *(u64 *)(r10 - 16) = 0
                *(u64 *)(r10 - 8) = 0
                r1 = 0x01020304
                lock *(u64 *)(r10 - 13) += r1
                r0 = *(u32 *)(r10 - 16)
                exit
                """;
        assertEquals(new XdpRunner.Outcome.Returned(0x0400_0000L), run(add, input(NONE, NONE)));
    }

    @Test
    void contextIsReadOnly() {
        XdpRunner.Outcome o = run("r2 = 0\n*(u32 *)(r1 + 12) = r2\nr0 = 0\nexit\n", input(NONE, NONE));
        assertInstanceOf(XdpRunner.Outcome.Refused.class, o, "the context rewriter refuses stores into xdp_md");
    }

    @Test
    void inputsAreReproducible() {
        XdpInput a = XdpInput.random(new SplittableRandom(5));
        XdpInput b = XdpInput.random(new SplittableRandom(5));
        assertEquals(a.describe(), b.describe());
        assertTrue(a.packet().length <= XdpProgramGenerator.MAX_PACKET);
    }
}
