/// Measuring how long programs take to run: [Bencher] sets a program up as the conformance
/// runner does (r1 = input, r2 = its length), checks its result once, then times it in rounds of
/// many runs with no allocation in the loop. The CLI's `ebpf bench` and the JMH benchmarks
/// under `bench/` share this set-up.
package io.splitbpf.exec.bench;
