package io.splitbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.MapOrigin;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.MapType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// End to end: assembled programs through [Verifier#verify], accepted and rejected.
class VerifierTest {
    static final MapSpec ARRAY = array("m", 4, 8);

    static MapSpec array(String name, int keySize, int valueSize) {
        return new MapSpec(name, MapType.ARRAY, keySize, valueSize, 16, 0, 0, 0, 0, Optional.empty(), new byte[0],
                List.of(), false, Optional.empty(), Optional.empty(), MapOrigin.values()[0]);
    }

    static VerificationReport verify(String asm, ProgramTypeDescriptor d, VerifierOptions o) {
        InsnSeq seq = Assembler.of(Dialect.LLVM).assemble(asm);
        return Verifier.verify(seq, List.of(ARRAY), d, o);
    }

    static VerificationReport xdp(String asm) {
        return verify(asm, ProgramTypeDescriptor.XDP, VerifierOptions.defaults());
    }

    static void accepted(String asm) {
        VerificationReport r = xdp(asm);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
    }

    static void rejected(String asm, String expectedFirst) {
        VerificationReport r = xdp(asm);
        assertEquals(Verdict.REJECTED, r.verdict());
        assertTrue(r.summary().startsWith(expectedFirst), r.summary());
    }

    @Test
    void straightLine() {
        VerificationReport r = xdp("r0 = 2\nexit\n");
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
        assertEquals(Optional.of(new ValueRange(2, 2)), r.exitRange());
        assertEquals(64, r.programDigest().length());
    }

    @Test
    void uninitialisedRegisterAndReturnRange() {
        rejected("exit\n", "0: Invalid type (r0.type == number)");
        // Linux checks the return value of cgroup programs, not XDP's (an unknown action aborts).
        VerificationReport cgroup = verify("r0 = 7\nexit\n", ProgramTypeDescriptor.CGROUP_SKB, VerifierOptions.defaults());
        assertEquals("1: Return value is out of range (r0.svalue in [0, 1])", cgroup.findings().getFirst().toString());
        accepted("r0 = 7\nexit\n");
        rejected("r0 = r1\nexit\n", "1: Invalid type");
    }

    @Test
    void nullCheckAfterLookup() {
        String prefix = """
                r1 = 0
                *(u32 *)(r10 - 4) = r1
                r2 = r10
                r2 += -4
                r1 = map_fd 0
                call 1
                """;
        rejected(prefix + "r1 = *(u64 *)(r0 + 0)\nr0 = 0\nexit\n", "7: Possible null access");
        accepted(prefix + "if r0 == 0 goto +1\nr1 = *(u64 *)(r0 + 0)\nr0 = 0\nexit\n");
        rejected(prefix + "if r0 == 0 goto +1\nr1 = *(u64 *)(r0 + 4)\nr0 = 0\nexit\n", "8: Upper bound must be at most r0.shared_region_size");
    }

    @Test
    void packetBoundsCheck() {
        String prefix = """
                r2 = *(u32 *)(r1 + 0)
                r3 = *(u32 *)(r1 + 4)
                r4 = r2
                r4 += 14
                """;
        accepted(prefix + "if r4 > r3 goto +1\nr0 = *(u8 *)(r2 + 13)\nr0 = 1\nexit\n");
        rejected(prefix + "if r4 > r3 goto +1\nr0 = *(u8 *)(r2 + 14)\nr0 = 1\nexit\n", "5: Upper bound must be at most packet_size");
        rejected("r2 = *(u32 *)(r1 + 0)\nr0 = *(u8 *)(r2 + 0)\nr0 = 1\nexit\n", "1: Upper bound must be at most packet_size");
    }

    @Test
    void stack() {
        // Precision shortcut (PREVAIL's rule): a read through r10 may see uninitialised bytes,
        // but what it loads is usable nowhere; a read through another stack pointer is rejected.
        accepted("r0 = *(u64 *)(r10 - 8)\nr0 = 0\nexit\n");
        rejected("r0 = *(u64 *)(r10 - 8)\nexit\n", "1: Invalid type");
        rejected("r0 = *(u64 *)(r10 - 8)\nif r0 == 0 goto +0\nr0 = 0\nexit\n", "1: Invalid type");
        rejected("r1 = r10\nr0 = *(u64 *)(r1 - 8)\nr0 = 0\nexit\n", "1: Stack content is not numeric");
        accepted("r1 = 3\n*(u64 *)(r10 - 8) = r1\nr0 = *(u64 *)(r10 - 8)\nexit\n");
        rejected("r1 = 0\n*(u64 *)(r10 - 520) = r1\nr0 = 0\nexit\n", "1: Lower bound must be at least");
        rejected("r1 = 0\n*(u64 *)(r10 + 0) = r1\nr0 = 0\nexit\n", "1: Upper bound must be at most total_stack_size");
    }

    @Test
    void spilledPointersKeepTheirType() {
        accepted("*(u64 *)(r10 - 8) = r1\nr1 = 0\nr1 = *(u64 *)(r10 - 8)\nr0 = *(u32 *)(r1 + 16)\nr0 = 0\nexit\n");
    }

    @Test
    void pointerLeak() {
        rejected("""
                r1 = 0
                *(u32 *)(r10 - 4) = r1
                r2 = r10
                r2 += -4
                r1 = map_fd 0
                call 1
                if r0 == 0 goto +1
                *(u64 *)(r0 + 0) = r0
                r0 = 0
                exit
                """, "8: Only numbers can be stored to externally-visible regions");
    }

    @Test
    void aMapChosenAtRunTimeNeedsOneKeySize() {
        // build/twomaps.o: r1 is one of two maps when the key is looked up.
        String prog = """
                call 7
                r0 &= 1
                r1 = map_fd 0
                if r0 == 0 goto +2
                r1 = map_fd 1
                r2 = 10
                *(u32 *)(r10 - 4) = r2
                r2 = r10
                r2 += -4
                call 1
                if r0 == 0 goto +2
                r0 = *(u64 *)(r0 + 0)
                exit
                r0 = 0
                exit
                """;
        InsnSeq seq = Assembler.of(Dialect.LLVM).assemble(prog);
        VerificationReport same = Verifier.verify(seq, List.of(ARRAY, array("n", 4, 8)), ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults());
        assertEquals(Verdict.ACCEPTED, same.verdict(), same.summary());
        VerificationReport keys = Verifier.verify(seq, List.of(ARRAY, array("n", 8, 8)), ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults());
        assertEquals("11: Map key size is not singleton (within(r2:key_size(r1)))", keys.findings().getFirst().toString());
        VerificationReport values = Verifier.verify(seq, List.of(ARRAY, array("n", 4, 4)), ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults());
        assertEquals(Verdict.REJECTED, values.verdict(), "a 4-byte value cannot be read as 8 bytes");
    }

    /// Two paths write buffers of different lengths and pass each length to a helper after
    /// they meet (Open vSwitch's datapath.o): `r2 <= r1.stack_numeric_size` must survive the
    /// join; `tail` follows the join, before the call.
    private static VerificationReport twoBufferLengths(String tail) {
        return xdp("""
                call 7
                r1 = 0
                if r0 == 0 goto +6
                *(u64 *)(r10 - 16) = r1
                *(u16 *)(r10 - 8) = r1
                r1 = r10
                r1 += -16
                r2 = 10
                goto +4
                *(u64 *)(r10 - 16) = r1
                r1 = r10
                r1 += -16
                r2 = 8
                """ + tail + """
                call 6
                r0 = 0
                exit
                """);
    }

    @Test
    void aBufferLengthThatDependsOnThePath() {
        VerificationReport r = twoBufferLengths("");
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
        // Still rejected: a pointer stored into the buffer after the join, the pointer moved
        // after the join, or a length larger than what was written.
        assertEquals(Verdict.REJECTED, twoBufferLengths("*(u64 *)(r10 - 16) = r10\n").verdict());
        // A pointer past the bytes both paths wrote, within what the longer path wrote.
        assertEquals(Verdict.REJECTED, twoBufferLengths("*(u64 *)(r10 - 8) = r10\n").verdict());
        assertEquals(Verdict.REJECTED, twoBufferLengths("r1 += -8\n").verdict());
        assertEquals(Verdict.REJECTED, twoBufferLengths("r2 += 1\n").verdict());
    }

    /// A number stored where a pointer to `[-16, -8]` points, so somewhere in `[-16, -4)`
    /// (build/twostackvars.o), with `init` written first; then `[-16, -8)` is read.
    private static VerificationReport imprecisePointerStore(String init, String value) {
        return xdp(init + """
                call 7
                r0 &= 8
                r1 = r10
                r1 += -16
                r1 += r0
                r2 = %s
                *(u32 *)(r1 + 0) = r2
                r0 = *(u64 *)(r10 - 16)
                exit
                """.formatted(value));
    }

    @Test
    void aStoreThroughAnImprecisePointerKeepsNumericBytesNumeric() {
        String numeric = "r1 = 0\n*(u64 *)(r10 - 16) = r1\n";
        VerificationReport r = imprecisePointerStore(numeric, "1");
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
        // Bytes never written stay unknown; a stored pointer is no number.
        assertEquals(Verdict.REJECTED, imprecisePointerStore("r1 = 0\n*(u32 *)(r10 - 16) = r1\n", "1").verdict());
        assertEquals(Verdict.REJECTED, imprecisePointerStore(numeric, "r10").verdict());
    }

    /// A load through a pointer to the stack or a map value (build/twotypes.o); `spill` is
    /// what the stack holds at `r10 - 8`.
    private static VerificationReport stackOrMapValue(String spill) {
        return xdp(spill + """
                r1 = 0
                *(u32 *)(r10 - 12) = r1
                r2 = r10
                r2 += -12
                r1 = map_fd 0
                call 1
                if r0 == 0 goto +9
                r6 = r0
                call 7
                r1 = r10
                r1 += -8
                if r0 == 0 goto +1
                r1 = r6
                r1 = *(u64 *)(r1 + 0)
                r0 = r1
                exit
                r0 = 0
                exit
                """);
    }

    @Test
    void aLoadFromTheStackOrAMapValueIsANumberWhenBothHoldNumbers() {
        VerificationReport r = stackOrMapValue("r1 = 3\n*(u64 *)(r10 - 8) = r1\n");
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
        assertEquals(Verdict.REJECTED, stackOrMapValue("*(u64 *)(r10 - 8) = r10\n").verdict(),
                "a spilled pointer read back through the mixed pointer is no number");
    }

    @Test
    void spilledPointersDoNotReachHelpersOrMaps() {
        // A load may read a spilled pointer back whole, a helper or a map update may not: the
        // bytes would leave the program as a number (build/exposeptr.o in the corpus).
        String spill = "*(u64 *)(r10 - 8) = r1\nr1 = 0\n*(u32 *)(r10 - 12) = r1\n";
        rejected(spill + """
                r2 = r10
                r2 += -12
                r3 = r10
                r3 += -8
                r1 = map_fd 0
                r4 = 0
                call 2
                exit
                """, "10: Illegal map update with a non-numerical value");
        rejected(spill + """
                r1 = r10
                r1 += -8
                r2 = 8
                call 6
                exit
                """, "6: Stack content is not numeric");
    }

    @Test
    void atomicsDoNotTurnSpilledPointersIntoNumbers() {
        rejected("""
                *(u64 *)(r10 - 8) = r1
                r2 = 0
                r2 = atomic_fetch_add((u64 *)(r10 - 8), r2)
                r0 = r2
                r0 &= 3
                exit
                """, "2: Stack content is not numeric (valid_access(r10.offset-8, width=8) for atomic update)");
        accepted("""
                r2 = 5
                *(u64 *)(r10 - 8) = r2
                r2 = atomic_fetch_add((u64 *)(r10 - 8), r2)
                r0 = r2
                r0 &= 3
                exit
                """);
    }

    @Test
    void helperBuffersReadAndWrittenMustBeInitialised() {
        // bpf_fib_lookup reads its parameters and writes the result back into them.
        String call = """
                r2 = r10
                r2 += -64
                r3 = 64
                r4 = 0
                call 69
                r0 = *(u32 *)(r10 - 64)
                exit
                """;
        rejected(call, "4: Stack content is not numeric (valid_access(r2.offset, width=r3) for read)");
        StringBuilder init = new StringBuilder("r0 = 0\n");
        for (int off = 8; off <= 64; off += 8) {
            init.append("*(u64 *)(r10 - ").append(off).append(") = r0\n");
        }
        VerificationReport r = xdp(init + call);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
        // The helper wrote the buffer: the zero stored before is forgotten.
        assertEquals(Optional.of(new ValueRange(0, 0xffff_ffffL)), r.exitRange());
    }

    @Test
    void whatACalleeWritesIntoItsCallersFrameSurvives() {
        // The caller's own stack and what the callee wrote into it through a pointer survive
        // the call; the callee's frame does not (build/bpf2bpf.o in the corpus).
        VerificationReport r = xdp("""
                r1 = 7
                *(u64 *)(r10 - 8) = r1
                r1 = r10
                r1 += -16
                call pc+4
                r0 = *(u64 *)(r10 - 8)
                r2 = *(u64 *)(r10 - 16)
                r0 += r2
                exit
                r2 = 5
                *(u64 *)(r1 + 0) = r2
                *(u64 *)(r10 - 8) = r2
                r0 = 0
                exit
                """);
        assertEquals(Verdict.ACCEPTED, r.verdict(), r.summary());
        assertEquals(Optional.of(new ValueRange(12, 12)), r.exitRange());
    }

    @Test
    void boundedAndUnboundedLoops() {
        VerificationReport bounded = xdp("r0 = 0\nr1 = 0\nr1 += 1\nif r1 < 10 goto -2\nexit\n");
        assertEquals(Verdict.ACCEPTED, bounded.verdict(), bounded.summary());
        assertTrue(bounded.stats().maxLoopCount() >= 9 && bounded.stats().maxLoopCount() < 100, bounded.stats().toString());
        rejected("r0 = 0\nr1 = 0\nr1 += 1\nif r1 != 0 goto -2\nexit\n", "2: Loop counter is too large");
        rejected("r0 = 0\ngoto -1\nexit\n", "1: Loop counter is too large");
    }

    @Test
    void instructionLimit() {
        VerificationReport r = verify("r0 = 0\nr1 = 0\nr1 += 1\nif r1 < 1000 goto -2\nexit\n", ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults().withMaxInstructions(100));
        assertEquals(Verdict.REJECTED, r.verdict());
        assertTrue(r.summary().contains("Instruction limit exceeded"), r.summary());
    }

    @Test
    void divisionByZeroIsAnOption() {
        String prog = "r0 = 4\nr1 = *(u32 *)(r1 + 12)\nr0 /= r1\nr0 &= 3\nexit\n";
        assertEquals(Verdict.ACCEPTED, xdp(prog).verdict(), xdp(prog).summary());
        VerificationReport strict = verify(prog, ProgramTypeDescriptor.XDP, VerifierOptions.defaults().withAllowDivisionByZero(false));
        assertTrue(strict.summary().startsWith("2: Possible division by zero (r1 != 0)"), strict.summary());
    }

    @Test
    void aCalleeLeavesItsCallersFrameAlone() {
        // The caller's spilled context pointer survives a bpf-to-bpf call; the callee's own
        // frame is gone after it returns.
        accepted("""
                *(u64 *)(r10 - 8) = r1
                call pc+4
                r1 = *(u64 *)(r10 - 8)
                r0 = *(u32 *)(r1 + 16)
                r0 = 0
                exit
                r1 = 7
                *(u64 *)(r10 - 8) = r1
                r0 = 0
                exit
                """);
        rejected("""
                call pc+4
                r1 = r10
                r1 += -520
                r0 = *(u64 *)(r1 + 0)
                exit
                r1 = 7
                *(u64 *)(r10 - 8) = r1
                r0 = 0
                exit
                """, "3: Stack content is not numeric");
    }

    @Test
    void registersKnownToShareATypeMaySubtract() {
        // r2 and r3 are both the context or both the stack: their difference is a number.
        accepted("""
                r0 = *(u32 *)(r1 + 16)
                r2 = r1
                r3 = r1
                if r0 == 0 goto +2
                r2 = r10
                r3 = r10
                r2 -= r3
                r0 = 0
                exit
                """);
        // The same types, crossed: r2 may be the context while r3 is the stack.
        rejected("""
                r0 = *(u32 *)(r1 + 16)
                r2 = r1
                r3 = r10
                if r0 == 0 goto +2
                r2 = r10
                r3 = r1
                r2 -= r3
                r0 = 0
                exit
                """, "6: Cannot subtract pointers to different regions");
    }

    @Test
    void maybeNullPointerArithmeticIsRejected() {
        // Moving a maybe-null pointer makes it a value no use accepts (Linux rejects the
        // arithmetic): the later null check is rejected.
        rejected("""
                r1 = 0
                *(u32 *)(r10 - 4) = r1
                r2 = r10
                r2 += -4
                r1 = map_fd 0
                call 1
                r0 += 8
                if r0 == 0 goto +1
                r1 = *(u64 *)(r0 + 0)
                r0 = 0
                exit
                """, "8: Invalid type");
    }

    @Test
    void contextRules() {
        rejected("r1 = 0\n*(u32 *)(r1 + 0) = r1\nr0 = 0\nexit\n", "1: Invalid type");
        rejected("r2 = 0\n*(u32 *)(r1 + 0) = r2\nr0 = 0\nexit\n", "1: Cannot write to context pointer field");
        rejected("r2 = 0\n*(u32 *)(r1 + 12) = r2\nr0 = 0\nexit\n", "1: Context field is not writable");
        rejected("r0 = *(u32 *)(r1 + 24)\nr0 = 0\nexit\n", "0: Upper bound must be at most 24");
        // Linux's widths: a part of data, or two fields at once, is no read xdp_md allows.
        rejected("r0 = *(u16 *)(r1 + 2)\nexit\n",
                "0: Invalid context access: 2-byte read at offset 2 of field data (allowed: 4 bytes)");
        rejected("r0 = *(u64 *)(r1 + 12)\nr0 = 0\nexit\n",
                "0: Invalid context access: 8-byte read at offset 12 is not aligned to its size");
        // __sk_buff's sk is a socket pointer this platform does not model: not readable as a number.
        VerificationReport sk = verify("r0 = *(u64 *)(r1 + 168)\nr0 = 0\nexit\n", ProgramTypeDescriptor.SCHED_CLS,
                VerifierOptions.defaults());
        assertEquals("0: Context field holds a pointer that cannot be accessed (valid_access(r1.offset+168, width=8) "
                + "for read)", sk.findings().getFirst().toString());
        VerificationReport mark = verify("r0 = *(u32 *)(r1 + 8)\nr0 = 0\nexit\n", ProgramTypeDescriptor.SCHED_CLS,
                VerifierOptions.defaults());
        assertEquals(Verdict.ACCEPTED, mark.verdict(), mark.summary());
    }

    @Test
    void deterministic() {
        String prog = "r0 = 0\nr1 = 0\nr1 += 1\nif r1 < 10 goto -2\nexit\n";
        VerifierOptions full = VerifierOptions.defaults().withLevel(ReportLevel.FULL);
        VerificationReport a = verify(prog, ProgramTypeDescriptor.XDP, full);
        VerificationReport b = verify(prog, ProgramTypeDescriptor.XDP, full);
        assertEquals(a.invariants(), b.invariants());
        assertEquals(a.findings(), b.findings());
        assertEquals(5, a.invariants().size());
    }
}
