/// The execution host: tenant memory, execution engines, the helper shim and maps.
///
/// The reference interpreter (`io.splitbpf.exec.interp`) is compiled into this module only by
/// the debug build, which also registers it as an [io.splitbpf.exec.runtime.ExecutionEngine].
module io.splitbpf.exec {
    requires transitive io.splitbpf.core;

    exports io.splitbpf.exec.memory;
    exports io.splitbpf.exec.runtime;
    exports io.splitbpf.exec.conformance;

    uses io.splitbpf.exec.runtime.ExecutionEngine;
}
