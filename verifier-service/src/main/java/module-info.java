/// splitbpf's verifier: an abstract interpreter over eBPF programs (CFG with a weak
/// topological order, interval and zone domains, typed regions, assertions, fixpoint and
/// report), the daemon that verifies programs for its clients and signs what it proves
/// (`io.splitbpf.verifier.service`), and a runner of PREVAIL-style YAML cases
/// (`io.splitbpf.verifier.cases`). `io.splitbpf.verifier`, its report, the daemon and the case
/// runner are API; every other package is internal.
module io.splitbpf.verifier {
    requires transitive io.splitbpf.core;
    requires io.splitbpf.certs;
    // The per-thread allocation counter behind VerificationStats.allocatedBytes.
    requires jdk.management;
    // Reads verifier cases in PREVAIL's YAML format (io.splitbpf.verifier.cases).
    requires org.yaml.snakeyaml;

    exports io.splitbpf.verifier;
    // Finding is part of VerificationReport.
    exports io.splitbpf.verifier.report;
    // VerifierDaemon is the main class of bin/ebpf-verifierd.
    exports io.splitbpf.verifier.service;
    // The YAML case runner, for ebpf verify --cases.
    exports io.splitbpf.verifier.cases;
}
