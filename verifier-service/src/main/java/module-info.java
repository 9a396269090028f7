/// splitbpf's verifier: an abstract interpreter over eBPF programs (CFG with a weak
/// topological order, interval and zone domains, typed regions, assertions, fixpoint and
/// report).
module io.splitbpf.verifier {
    requires transitive io.splitbpf.core;

}
