package io.splitbpf.cli.verify;

import io.splitbpf.core.json.Json;
import io.splitbpf.verifier.cases.CaseOutcome;
import io.splitbpf.verifier.cases.CaseRunner;
import io.splitbpf.verifier.cases.VerifierCase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// `ebpf verify --cases FILE...`: verifier cases in PREVAIL's YAML format run through our
/// analysis ([CaseRunner] says when a case matches), a line per case that differs and a
/// closing `N matched, M differ`.
final class CaseFiles {
    /// One case and what running it gave.
    private record Result(VerifierCase c, CaseOutcome outcome) {}

    private final List<Result> results;

    private CaseFiles(List<Result> results) {
        this.results = List.copyOf(results);
    }

    /// Reads every file before running any case, so that a malformed file is reported alone.
    ///
    /// @throws IllegalArgumentException naming the file (and case) that is malformed
    static CaseFiles run(List<Path> files) throws IOException {
        List<VerifierCase> cases = new ArrayList<>();
        for (Path f : files) {
            cases.addAll(VerifierCase.read(f));
        }
        List<Result> results = new ArrayList<>();
        for (VerifierCase c : cases) {
            results.add(new Result(c, CaseRunner.run(c)));
        }
        return new CaseFiles(results);
    }

    long differing() {
        return results.stream().filter(r -> !r.outcome().matched()).count();
    }

    /// `file: case: what differs` per differing case, then `N matched, M differ`.
    void printText(PrintWriter out) {
        for (Result r : results) {
            if (!r.outcome().matched()) {
                out.println(r.c().key() + ": " + r.outcome().reason());
            }
        }
        out.println((results.size() - differing()) + " matched, " + differing() + " differ");
    }

    /// `{"cases": N, "matched": N, "differ": M, "differences": [{file, case, reason}]}`.
    void printJson(PrintWriter out, boolean pretty) {
        List<Object> diffs = new ArrayList<>();
        for (Result r : results) {
            if (!r.outcome().matched()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("file", r.c().file());
                j.put("case", r.c().name());
                j.put("reason", r.outcome().reason());
                diffs.add(j);
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("cases", results.size());
        o.put("matched", results.size() - differing());
        o.put("differ", differing());
        o.put("differences", diffs);
        out.println(Json.write(o, pretty));
    }
}
