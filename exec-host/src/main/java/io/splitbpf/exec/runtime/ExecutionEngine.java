package io.splitbpf.exec.runtime;

import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.memory.TenantMemory;

/// An engine that runs eBPF programs: the JIT, and in debug builds the reference interpreter.
/// Engines are found with [java.util.ServiceLoader]; see [Engines].
public interface ExecutionEngine {
    /// The engine's name as the CLI's `--engine` takes it: `jit`, `interpreter`.
    String name();

    /// Checks `program` structurally ([ProgramValidator]) and prepares it to run with `helpers`.
    ///
    /// @throws LoadException when the program cannot be loaded
    LoadedCode load(InsnSeq program, HelperTable helpers);

    /// [#load(InsnSeq, HelperTable)] for a program that only ever runs with contexts of
    /// `memory`: an engine may specialise the code to it (the JIT makes the segment a
    /// constant). The code then refuses, with [IllegalStateException], a context of another
    /// memory. By default the same as the unbound load.
    ///
    /// @throws LoadException when the program cannot be loaded
    default LoadedCode load(InsnSeq program, HelperTable helpers, TenantMemory memory) {
        return load(program, helpers);
    }

    /// A program ready to run.
    interface LoadedCode {
        /// Runs the program once with r1–r5 = `args` (missing ones are 0) and returns r0.
        ///
        /// @throws ExecutionException when the program stops with an error
        long run(ExecContext ctx, long... args);

        /// The size in bytes of what the engine generated for the program (a JIT's class
        /// file, as bpftool's `jited` size), 0 for an engine that generates nothing.
        default int codeSize() {
            return 0;
        }
    }
}
