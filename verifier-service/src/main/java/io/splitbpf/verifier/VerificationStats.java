package io.splitbpf.verifier;

/// What the analysis cost and found about loops.
///
/// @param instructions the program's instructions (slots)
/// @param iterations basic-block transfers performed
/// @param maxLoopCount the largest proven loop counter bound
/// @param instructionBound the proven bound on instructions executed on any path, or -1
/// @param millis wall-clock time of the analysis (the only non-deterministic field)
public record VerificationStats(int instructions, long iterations, long maxLoopCount, long instructionBound, long millis) {}
