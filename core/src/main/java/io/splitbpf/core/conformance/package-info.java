/// The conformance corpus of bpf_conformance and uBPF: [DataFile] reads one `.data` test.
package io.splitbpf.core.conformance;
