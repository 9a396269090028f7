package io.splitbpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/// The bpf_conformance runner's plugin protocol.
class ConformancePluginTest {
    private record Result(int code, String out) {}

    private static Result run(String stdin, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = ConformancePlugin.run(args, stdin.getBytes(StandardCharsets.US_ASCII), out);
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsR0InHex() {
        Result r = run("b7  00  00  00  2a  00  00  00  95  00  00  00  00  00  00  00  \n");
        assertEquals(0, r.code());
        assertEquals("0x2a\n", r.out());
    }

    @Test
    void memoryArgumentBecomesTheInputBuffer() {
        // r0 = *(u8 *)(r1 + 1); exit
        Result r = run("71 10 01 00 00 00 00 00 95 00 00 00 00 00 00 00\n", "aa  bb  11  22  ");
        assertEquals("0xbb\n", r.out());
        Result jit = run("71 10 01 00 00 00 00 00 95 00 00 00 00 00 00 00\n", "aa  bb  11  22  ", "--engine", "jit");
        assertEquals("0xbb\n", jit.out());
    }

    @Test
    void reservedFieldsAreOneErrorLineAndNonZeroExit() {
        Result r = run("85 01 00 00 00 00 00 00 95 00 00 00 00 00 00 00\n");
        assertEquals(1, r.code());
        assertEquals(1, r.out().lines().count());
        assertTrue(r.out().contains("instruction 0"), r.out());
    }

    @Test
    void outOfBoundsAccessIsAnErrorNamingThePc() {
        Result r = run("61 10 08 00 00 00 00 00 95 00 00 00 00 00 00 00\n", "aa  bb  ");
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("pc 0: load of 4 bytes"), r.out());
    }

    @Test
    void badHexIsAnError() {
        Result r = run("zz 00\n");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("'zz' is not a hex byte"), r.out());
    }
}
