package io.splitbpf.verifier.cfg;

import io.splitbpf.verifier.report.Finding;
import java.util.List;
import java.util.SortedMap;

/// The control-flow graphs of a whole program: the main function, every bpf-to-bpf callee by
/// entry pc, and the structural findings found while building them.
///
/// @param main the CFG of the main function
/// @param functions each callee's CFG, by entry pc (sorted)
/// @param findings structural findings, sorted by pc
public record ProgramCfg(Cfg main, SortedMap<Integer, Cfg> functions, List<Finding> findings) {
    public ProgramCfg {
        functions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(functions));
        findings = findings.stream().sorted().toList();
    }

    /// Whether any structural finding rejects the program.
    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::error);
    }
}
