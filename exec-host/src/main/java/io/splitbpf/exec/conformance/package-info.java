/// Running conformance test vectors (`.data` files of bpf_conformance and uBPF) through an
/// execution engine, as the bpf_conformance runner and uBPF's test harness do.
package io.splitbpf.exec.conformance;
