package io.splitbpf.verifier;

/// What the analysis cost and found about loops.
///
/// @param instructions the program's instructions (slots)
/// @param iterations basic-block transfers performed
/// @param maxLoopCount the largest proven loop counter bound
/// @param instructionBound the proven bound on instructions executed on any path, or -1
/// @param millis wall-clock time of the analysis (not deterministic)
/// @param allocatedBytes the bytes the verifying thread allocated during the analysis (an
///        upper bound on the heap it needed; not deterministic), or -1 where the JVM cannot
///        measure it
public record VerificationStats(int instructions, long iterations, long maxLoopCount, long instructionBound, long millis,
                                long allocatedBytes) {
    /// Statistics without a memory measurement.
    public VerificationStats(int instructions, long iterations, long maxLoopCount, long instructionBound, long millis) {
        this(instructions, iterations, maxLoopCount, instructionBound, millis, -1);
    }
}
