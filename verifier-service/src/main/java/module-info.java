/// splitbpf's verifier: an abstract interpreter over eBPF programs (CFG with a weak
/// topological order, interval and zone domains, typed regions, assertions, fixpoint and
/// report). Only `io.splitbpf.verifier` is API; every other package is internal.
module io.splitbpf.verifier {
    requires transitive io.splitbpf.core;
    // The per-thread allocation counter behind VerificationStats.allocatedBytes.
    requires jdk.management;

    exports io.splitbpf.verifier;
    // Finding is part of VerificationReport.
    exports io.splitbpf.verifier.report;
}
