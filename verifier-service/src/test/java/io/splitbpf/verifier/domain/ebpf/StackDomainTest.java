package io.splitbpf.verifier.domain.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.LinearConstraint;
import io.splitbpf.verifier.domain.num.ZoneDomain;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackDomainTest {
    private static final TypeSet PACKET = TypeSet.of(RegionType.PACKET);

    @Test
    void storesAreStrongAndOverlapsDropCells() {
        StackDomain s = StackDomain.empty(512).store(504, 8, TypeSet.NUMBER);
        assertTrue(s.isNumeric(504, 512));
        assertFalse(s.isNumeric(503, 512));
        StackDomain p = s.store(504, 8, PACKET);
        assertFalse(p.isNumeric(504, 505));
        assertEquals(PACKET, p.cell(504, 8).orElseThrow().type());
        StackDomain partial = p.store(508, 4, TypeSet.NUMBER);
        assertTrue(partial.cell(504, 8).isEmpty());
        assertEquals(List.of(new StackCell(508, 4, TypeSet.NUMBER)), partial.overlapping(500, 512));
        assertFalse(partial.havoc(510, 511).isNumeric(508, 512));
        assertTrue(StackDomain.empty(8).markNumeric(0, 8).isNumeric(0, 8));
    }

    @Test
    void joinKeepsOnlyWhatBothSidesKnow() {
        StackDomain a = StackDomain.empty(512).store(504, 8, TypeSet.NUMBER).store(496, 8, PACKET);
        StackDomain b = StackDomain.empty(512).store(504, 4, TypeSet.NUMBER).store(496, 8, TypeSet.of(RegionType.STACK));
        StackDomain j = a.join(b);
        assertTrue(j.isNumeric(504, 508));
        assertFalse(j.isNumeric(508, 512));
        assertEquals(TypeSet.of(RegionType.PACKET, RegionType.STACK), j.cell(496, 8).orElseThrow().type());
        assertTrue(a.leq(j) && b.leq(j));
        assertFalse(j.leq(a));
        assertTrue(StackDomain.bottom().leq(a));
        assertEquals(a, a.join(StackDomain.bottom()));
    }

    @Test
    void stateBottomIsCanonical() {
        EbpfState s = EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.empty(512));
        assertFalse(s.isBottom());
        assertTrue(s.withType(Reg.R1, TypeSet.BOTTOM).isBottom());
        assertTrue(s.assume(LinearConstraint.atMost("x", 0)).assume(LinearConstraint.atLeast("x", 1)).isBottom());
        assertTrue(EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.bottom()) == EbpfState.bottom());
        assertTrue(s.join(EbpfState.bottom()).equals(s) && EbpfState.bottom().leq(s));
    }

    @Test
    void spillsKeepTheirVariablesUntilOverwritten() {
        StackCell cell = new StackCell(504, 8, PACKET);
        EbpfState s = EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.empty(512))
                .storeCell(504, 8, PACKET);
        s = s.withValues(s.values().assign(cell.variable("packet_offset"), Interval.of(4)));
        assertEquals(Interval.of(4), s.interval("s[504...511].packet_offset"));
        EbpfState over = s.storeCell(500, 8, TypeSet.NUMBER);
        assertTrue(over.interval("s[504...511].packet_offset").isTop());
        EbpfState clobbered = s.withType(Reg.R1, TypeSet.NUMBER)
                .withValues(s.values().assign(Variables.svalue(Reg.R1), Interval.of(3))).havoc(Reg.R1);
        assertEquals(TypeSet.UNINIT, clobbered.type(Reg.R1));
        assertTrue(clobbered.interval("r1.svalue").isTop());
    }

    private static EbpfState known(ByteOrder order, int offset, int width, long value) {
        return EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.empty(512, order))
                .storeNumber(offset, width, io.splitbpf.verifier.domain.num.Scalar.of(value));
    }

    @Test
    void partlyOverwrittenKnownNumbersKeepTheirOtherBytes() {
        EbpfState le = known(ByteOrder.LITTLE_ENDIAN, 504, 8, 0x1234_5678_9abc_def0L).storeNumber(506, 4,
                io.splitbpf.verifier.domain.num.Scalar.of(0));
        assertEquals(Interval.of(0xdef0), le.interval("s[504...505].svalue"));
        assertEquals(Interval.of(0x1234), le.interval("s[510...511].svalue"));
        assertEquals(java.util.Optional.of(0x1234_0000_0000_def0L), le.constantBytes(504, 8));
        EbpfState be = known(ByteOrder.BIG_ENDIAN, 504, 8, 0x1234_5678_9abc_def0L).storeNumber(506, 4,
                io.splitbpf.verifier.domain.num.Scalar.of(0));
        assertEquals(Interval.of(0x1234), be.interval("s[504...505].svalue"));
        assertEquals(Interval.of(0xdef0), be.interval("s[510...511].svalue"));
        assertEquals(java.util.Optional.of(0x3400L), be.constantBytes(505, 2), "bytes 0x34 then 0x00, big endian");
    }

    @Test
    void partsOfOtherWidthsStayNumericWithoutAValue() {
        EbpfState s = known(ByteOrder.LITTLE_ENDIAN, 48, 8, 99).storeNumber(54, 2, io.splitbpf.verifier.domain.num.Scalar.of(0));
        assertTrue(s.stack().isNumeric(48, 56));
        assertTrue(s.constantBytes(48, 8).isEmpty(), "the 6 bytes left of the known 99 are no cell");
        EbpfState pointer = known(ByteOrder.LITTLE_ENDIAN, 504, 8, 7).storeCell(504, 8, PACKET);
        assertTrue(pointer.constantBytes(504, 1).isEmpty(), "a spilled pointer has no known bytes");
    }

    @Test
    void joinSplitsKnownNumbersToKeepCommonCells() {
        EbpfState wide = known(ByteOrder.LITTLE_ENDIAN, 504, 8, 0);
        EbpfState narrow = known(ByteOrder.LITTLE_ENDIAN, 504, 4, 0);
        EbpfState j = wide.join(narrow);
        assertEquals(Interval.of(0), j.interval("s[504...507].svalue"));
        assertTrue(j.stack().cell(508, 4).isEmpty());
        assertTrue(wide.leq(j) && narrow.leq(j));
        assertFalse(j.leq(wide));
    }

    /// r2 a stack pointer at 496 to 504 whose next 8 bytes are numbers (its numeric size).
    private static EbpfState numericPointer() {
        EbpfState s = EbpfState.of(TypeDomain.entry(), ZoneDomain.top(), StackDomain.empty(512))
                .setRegister(Reg.R2, TypeSet.of(RegionType.STACK));
        return s.withValues(s.values().assign("r2.stack_offset", Interval.of(496, 504))
                .assign("r2.stack_numeric_size", Interval.of(8)));
    }

    @Test
    void numericSizesSurviveNumbersAndDieWithPointers() {
        EbpfState s = numericPointer();
        assertEquals(8, s.numericBytesAt(Reg.R2));
        assertEquals(8, s.storeNumbersWeakly(496, 512).numericBytesAt(Reg.R2), "numbers over numbers");
        assertEquals(8, s.storeCell(480, 8, PACKET).numericBytesAt(Reg.R2), "a pointer elsewhere");
        assertEquals(0, s.storeCell(500, 8, PACKET).numericBytesAt(Reg.R2), "a pointer where they may be");
        assertEquals(0, s.havocStack(510, 512).numericBytesAt(Reg.R2), "unknown content where they may be");
    }
}
