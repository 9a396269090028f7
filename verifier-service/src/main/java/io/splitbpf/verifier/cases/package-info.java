/// Verifier test cases in PREVAIL's YAML format ([VerifierCase]: pre-state, code, post-state,
/// expected messages) and the runner that checks our analysis against them ([CaseRunner]),
/// shared by the conformance tests and `ebpf verify --cases`.
package io.splitbpf.verifier.cases;
