package io.splitbpf.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
