package io.splitbpf.exec.runtime;

/// One helper: called with r1–r5, returns the new r0. Helpers re-check every pointer argument
/// against the caller's memory through the [ExecContext] (defense in depth), and report a bad
/// argument by throwing [io.splitbpf.exec.memory.MemoryFault] or [IllegalArgumentException].
@FunctionalInterface
public interface HelperFunction {
    long call(ExecContext ctx, long r1, long r2, long r3, long r4, long r5);
}
