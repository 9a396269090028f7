/// splitbpf's verifier: an abstract interpreter over eBPF programs (CFG with a weak
/// topological order, interval and zone domains, typed regions, assertions, fixpoint and
/// report). `io.splitbpf.verifier` is the API, `…report` and `…cases` (PREVAIL-style YAML
/// cases) go with it; every other package is internal.
module io.splitbpf.verifier {
    requires transitive io.splitbpf.core;
    // The per-thread allocation counter behind VerificationStats.allocatedBytes.
    requires jdk.management;
    // Reads verifier cases in PREVAIL's YAML format (io.splitbpf.verifier.cases).
    requires org.yaml.snakeyaml;

    exports io.splitbpf.verifier;
    // Finding is part of VerificationReport.
    exports io.splitbpf.verifier.report;
    // The YAML case runner, for ebpf verify --cases.
    exports io.splitbpf.verifier.cases;
}
