/// The execution host: tenant memory, execution engines, the helper shim and maps, the
/// admission of signed artifacts and the host daemon (`bin/ebpf-hostd`).
///
/// The reference interpreter (`io.splitbpf.exec.interp`) is compiled into this module only by
/// the debug build; [io.splitbpf.exec.runtime.Engines] finds it there. The host trusts
/// signatures ([io.splitbpf.certs]), never an in-process re-verification: it does not read
/// the verifier.
module io.splitbpf.exec {
    requires transitive io.splitbpf.core;
    requires transitive io.splitbpf.certs;

    exports io.splitbpf.exec.memory;
    exports io.splitbpf.exec.runtime;
    exports io.splitbpf.exec.conformance;
    exports io.splitbpf.exec.jit;
    exports io.splitbpf.exec.maps;
    exports io.splitbpf.exec.helpers;
    exports io.splitbpf.exec.context;
    exports io.splitbpf.exec.fuzz;
    exports io.splitbpf.exec.bench;
    exports io.splitbpf.exec.admission;
    exports io.splitbpf.exec.daemon;

    uses io.splitbpf.exec.runtime.ExecutionEngine;
    provides io.splitbpf.exec.runtime.ExecutionEngine with io.splitbpf.exec.jit.JitCompiler;
}
