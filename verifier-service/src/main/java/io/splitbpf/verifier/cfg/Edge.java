package io.splitbpf.verifier.cfg;

/// A control-flow edge between basic blocks.
///
/// @param from the source block id
/// @param to the target block id ([Cfg#EXIT] for the function's exit)
/// @param kind why control flows along it
public record Edge(int from, int to, Kind kind) {
    /// Why control flows along an edge: the last instruction of `from` decides.
    public enum Kind {
        /// Sequential flow into the next block.
        FALLTHROUGH,
        /// An unconditional `goto`.
        GOTO,
        /// A conditional jump whose condition holds.
        TAKEN,
        /// A conditional jump whose condition fails.
        NOT_TAKEN,
        /// `exit`, or the end of code where open-ended analysis is allowed.
        RETURN
    }
}
