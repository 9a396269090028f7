/// splitbpf's verifier: an abstract interpreter over eBPF programs (CFG with a weak
/// topological order, interval and zone domains, typed regions, assertions, fixpoint and
/// report), and the daemon that verifies programs for its clients and signs what it proves
/// (`io.splitbpf.verifier.service`). `io.splitbpf.verifier`, its report and the daemon are API;
/// every other package is internal.
module io.splitbpf.verifier {
    requires transitive io.splitbpf.core;
    requires io.splitbpf.certs;
    // The per-thread allocation counter behind VerificationStats.allocatedBytes.
    requires jdk.management;

    exports io.splitbpf.verifier;
    // Finding is part of VerificationReport.
    exports io.splitbpf.verifier.report;
    // VerifierDaemon is the main class of bin/ebpf-verifierd.
    exports io.splitbpf.verifier.service;
}
