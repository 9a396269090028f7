package io.splitbpf.exec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AluOpsTest {
    @Test
    void divisionByZeroFollowsRfc9669() {
        assertEquals(0, AluOps.div64(7, 0));
        assertEquals(7, AluOps.mod64(7, 0));
        assertEquals(0, AluOps.sdiv64(-7, 0));
        assertEquals(-7, AluOps.smod64(-7, 0));
        assertEquals(0, AluOps.div32(0xffff_ffff_0000_0007L, 0xffff_ffff_0000_0000L));
        assertEquals(7, AluOps.mod32(0xffff_ffff_0000_0007L, 0x1_0000_0000L));
        assertEquals(0xffff_fff9L, AluOps.smod32(-7, 0));
    }

    @Test
    void signedOverflowWraps() {
        assertEquals(Long.MIN_VALUE, AluOps.sdiv64(Long.MIN_VALUE, -1));
        assertEquals(0, AluOps.smod64(Long.MIN_VALUE, -1));
        assertEquals(0x8000_0000L, AluOps.sdiv32(Integer.MIN_VALUE, -1));
        assertEquals(0, AluOps.smod32(Integer.MIN_VALUE, -1));
    }

    @Test
    void signedModuloTakesTheDividendsSign() {
        assertEquals(-1, AluOps.smod64(-7, 3));
        assertEquals(1, AluOps.smod64(7, -3));
        assertEquals(AluOps.u32(-1), AluOps.smod32(-7, 3));
    }

    @Test
    void unsignedDivisionTreatsOperandsAsUnsigned() {
        assertEquals(Long.divideUnsigned(-1L, 3), AluOps.div64(-1, 3));
        assertEquals(0x5555_5555L, AluOps.div32(-1, 3));
    }

    @Test
    void shiftsMaskTheirCount() {
        assertEquals(AluOps.u32(1 << 1), AluOps.lsh32(1, 33));
        assertEquals(0xffff_ffffL, AluOps.arsh32(0x8000_0000L, 31));
        assertEquals(1, AluOps.rsh32(0x8000_0000L, 63));
    }

    @Test
    void byteSwapsZeroExtend() {
        assertEquals(0x3412, AluOps.swap(0xffff_1234L, 16));
        assertEquals(0x7856_3412L, AluOps.swap(0xffff_ffff_1234_5678L, 32));
        assertEquals(0x1234, AluOps.toLe(0xffff_1234L, 16));
        assertEquals(0x0807060504030201L, AluOps.swap(0x0102030405060708L, 64));
    }
}
