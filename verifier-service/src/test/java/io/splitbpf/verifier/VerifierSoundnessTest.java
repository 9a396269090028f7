package io.splitbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.platform.ProgramTypeDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// Programs the verifier once accepted although they are unsafe, each refused now with the
/// finding that names why (the YAML cases in `src/test/resources/cases` cover the families).
class VerifierSoundnessTest {
    private static void refused(String asm, String expectedFirst) {
        VerificationReport r = VerifierTest.verify(asm, ProgramTypeDescriptor.XDP, VerifierOptions.defaults());
        assertEquals(Verdict.REJECTED, r.verdict(), asm);
        assertEquals(expectedFirst, r.summary(), asm);
    }

    /// Moving r10 let the frame checks measure from a frame top the host does not have.
    @ParameterizedTest
    @ValueSource(strings = {"r10 -= 1000", "r10 = r1", "w10 = 1", "r10 = 0x100 ll", "r10 = be16 r10",
        "r10 = *(u64 *)(r10 - 8)", "r10 = atomic_fetch_add((u64 *)(r10 - 8), r10)"})
    void framePointerIsReadOnly(String write) {
        refused("*(u64 *)(r10 - 8) = 0\n" + write + "\nr0 = 0\n*(u8 *)(r10 + 0) = r0\nexit\n",
                "1: Frame pointer is read-only (r10)");
    }

    /// Offsets are exact integers but addresses wrap: data + 2 * (2^63 - 1) + 1 is data - 1 on
    /// the machine, where a bound check on data - 1 + 1 passes. The forgotten offset is refused
    /// at that comparison already (a compared pointer must be within its region's bounds).
    @ParameterizedTest
    @ValueSource(strings = {"r2 += r5\nr2 += r5\nr2 += 1", "r2 -= r5\nr2 -= r5\nr2 += -3"})
    void pointerArithmeticThatWraps(String arithmetic) {
        refused("""
                r2 = *(u32 *)(r1 + 0)
                r3 = *(u32 *)(r1 + 4)
                r5 = 0x7fffffffffffffff ll
                """ + arithmetic + """

                r4 = r2
                r4 += 1
                if r4 > r3 goto +2
                r0 = *(u8 *)(r2 + 0)
                r0 = 0
                r0 = 0
                exit
                """, "9: Lower bound must be at least meta_offset (valid_access(r4.offset, width=0) for comparison)");
    }

    /// A helper copies the memory it reads out of the program (map keys and values, ring buffer
    /// records, the trace log): one spilled pointer there would leak its address.
    @ParameterizedTest
    @ValueSource(strings = {
        "r1 = map_fd 0\nr2 = r10\nr2 += -8\ncall 1",
        "*(u32 *)(r10 - 12) = 0\nr1 = map_fd 0\nr2 = r10\nr2 += -12\nr3 = r10\nr3 += -8\nr4 = 0\ncall 2",
        "r1 = r10\nr1 += -8\nr2 = 8\ncall 6"})
    void helpersDoNotReadSpilledPointers(String call) {
        VerificationReport r = VerifierTest.verify("*(u64 *)(r10 - 8) = r10\n" + call + "\nr0 = 0\nexit\n",
                ProgramTypeDescriptor.XDP, VerifierOptions.defaults());
        assertEquals(Verdict.REJECTED, r.verdict(), call);
        assertTrue(r.summary().contains("numeric")
                || r.summary().contains("non-numerical"), r.summary());
    }

    /// An atomic operation reads the old value: it must find a number (not uninitialised
    /// stack, not a spilled pointer it would fetch as a number), also where the access is
    /// misaligned (accepted on the slot-private stack, which the host updates in place).
    @ParameterizedTest
    @ValueSource(strings = {
        "r1 = 1\nlock *(u64 *)(r10 - 16) += r1|1: Stack content is not numeric",
        "*(u64 *)(r10 - 16) = r10\nr1 = 0\nr1 = atomic_fetch_add((u64 *)(r10 - 16), r1)|2: Stack content is not numeric",
        "*(u64 *)(r10 - 16) = 0\nr1 = 1\nlock *(u64 *)(r10 - 12) += r1|2: Stack content is not numeric",
        "*(u64 *)(r10 - 16) = r10\n*(u64 *)(r10 - 8) = 0\nr1 = 1\nlock *(u64 *)(r10 - 12) += r1"
                + "|3: Stack content is not numeric"})
    void atomicsUpdateNumbers(String program) {
        String[] p = program.split("\\|");
        VerificationReport r = VerifierTest.verify(p[0] + "\nr0 = 0\nexit\n", ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults());
        assertEquals(Verdict.REJECTED, r.verdict(), p[0]);
        assertTrue(r.summary().startsWith(p[1]), r.summary());
    }

    /// With division by zero refused, a constant zero divisor is refused too.
    @ParameterizedTest
    @ValueSource(strings = {"r0 /= 0|1: Possible division by zero (0 != 0)", "w0 %= 0|1: Possible division by zero (0 != 0)",
        "r0 s/= 1|", "w0 s%= -1|"})
    void constantDivisors(String program) {
        String[] p = program.split("\\|", -1);
        VerificationReport r = VerifierTest.verify("r0 = 3\n" + p[0] + "\nr0 &= 3\nexit\n", ProgramTypeDescriptor.XDP,
                VerifierOptions.defaults().withAllowDivisionByZero(false));
        assertEquals(p[1].isEmpty() ? "accepted" : p[1], r.summary(), p[0]);
    }

    /// A register compared with itself decides the branch (the taken branch returns a pointer
    /// and is refused when reached); the analysis threw on it.
    @ParameterizedTest
    @ValueSource(strings = {"r1 == r1|5: Invalid type", "r1 != r1|accepted", "r10 > r10|accepted",
        "r10 >= r10|5: Invalid type", "r3 s< r3|accepted", "r3 <= r3|5: Invalid type", "w3 == w3|5: Invalid type",
        "w3 != w3|accepted"})
    void registerComparedWithItself(String program) {
        String[] p = program.split("\\|");
        VerificationReport r = VerifierTest.verify("r3 = 7\nif " + p[0] + " goto +2\nr0 = 0\nexit\nr0 = r10\nexit\n",
                ProgramTypeDescriptor.XDP, VerifierOptions.defaults());
        assertTrue(r.summary().startsWith(p[1]), p[0] + ": " + r.summary());
    }
}
