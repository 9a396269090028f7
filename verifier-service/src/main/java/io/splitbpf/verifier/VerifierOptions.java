package io.splitbpf.verifier;

import java.util.Objects;

/// What the verifier checks and how much it reports. Immutable; `with…` methods give
/// changed copies.
///
/// @param level how much the report carries
/// @param allowDivisionByZero whether a possibly zero divisor is accepted (the ISA defines
///        `x / 0 = 0`); when false it is a finding, as PREVAIL's `--no-division-by-zero`
/// @param checkTermination whether loops must be proven bounded (PREVAIL's `--termination`)
/// @param loopLimit the bound every loop counter must stay below
/// @param maxInstructions the most instructions any path may execute (Linux: 1,000,000)
/// @param maxPacketSize the largest packet
/// @param frameSize the stack bytes of one frame
/// @param maxFrames the most bpf-to-bpf frames
public record VerifierOptions(ReportLevel level, boolean allowDivisionByZero, boolean checkTermination, long loopLimit,
                              long maxInstructions, int maxPacketSize, int frameSize, int maxFrames) {
    public VerifierOptions {
        Objects.requireNonNull(level, "level");
        if (loopLimit < 1 || maxInstructions < 1 || maxPacketSize < 1 || frameSize < 8 || maxFrames < 1) {
            throw new IllegalArgumentException("options out of range");
        }
    }

    /// Summary reports, division by zero allowed, termination checked, Linux's limits.
    public static VerifierOptions defaults() {
        return new VerifierOptions(ReportLevel.SUMMARY, true, true, 100_000, 1_000_000, 65535, 512, 8);
    }

    public VerifierOptions withLevel(ReportLevel l) {
        return new VerifierOptions(l, allowDivisionByZero, checkTermination, loopLimit, maxInstructions, maxPacketSize,
                frameSize, maxFrames);
    }

    public VerifierOptions withAllowDivisionByZero(boolean b) {
        return new VerifierOptions(level, b, checkTermination, loopLimit, maxInstructions, maxPacketSize, frameSize, maxFrames);
    }

    public VerifierOptions withCheckTermination(boolean b) {
        return new VerifierOptions(level, allowDivisionByZero, b, loopLimit, maxInstructions, maxPacketSize, frameSize, maxFrames);
    }

    public VerifierOptions withMaxInstructions(long n) {
        return new VerifierOptions(level, allowDivisionByZero, checkTermination, loopLimit, n, maxPacketSize, frameSize, maxFrames);
    }

    /// The stack of all frames together.
    public int totalStackSize() {
        return frameSize * maxFrames;
    }
}
