package io.splitbpf.verifier.report;

import io.splitbpf.core.insn.SourceLoc;
import io.splitbpf.verifier.ReportLevel;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.VerificationStats;
import io.splitbpf.verifier.VerifierOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// Renders a [VerificationReport] as JSON, from the same record as [TextReportRenderer].
///
/// The field names are stable and versioned by `"reportVersion": 1`; every field is present
/// at every level (`null` or empty where the level or the report has no value):
/// `reportVersion`, `level`, `verdict` (`accepted`/`rejected`), `programDigest`,
/// `verifierVersion`, `options`, `findings` (all of them, errors and notes: `pc`, `sentence`,
/// `assertion`, `error`, `message` (`<pc>: <sentence> (<assertion>)`), `source` (`file`,
/// `line`, `column`, `text`, or null), `suggestion`, `before`, `after`), `exitRange` (`min`,
/// `max`, or null), `stats` and `invariants` (`pc`, `state`; verbose only). `before` and
/// `after` are filled from informational on.
public final class JsonReportRenderer {
    /// The version of the JSON layout.
    public static final int REPORT_VERSION = 1;

    private JsonReportRenderer() {}

    /// The report at its own level, compact or pretty (two-space indent).
    public static String render(VerificationReport report, boolean pretty) {
        return render(report, report.options().level(), pretty);
    }

    /// The report at `level`, compact or pretty (two-space indent).
    public static String render(VerificationReport report, ReportLevel level, boolean pretty) {
        return io.splitbpf.core.json.Json.write(toJson(report, level), pretty);
    }

    /// The report as a tree of ordered maps, lists, strings, numbers, booleans and nulls, for
    /// callers that embed it in a larger document.
    public static Map<String, Object> toJson(VerificationReport report, ReportLevel level) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("reportVersion", REPORT_VERSION);
        o.put("level", level.displayName());
        o.put("verdict", TextReportRenderer.verdictName(report.verdict()));
        o.put("programDigest", report.programDigest());
        o.put("verifierVersion", report.verifierVersion());
        o.put("options", options(report.options()));
        List<Object> findings = new ArrayList<>();
        boolean states = level != ReportLevel.SUMMARY;
        for (Finding f : report.findings()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("pc", f.pc());
            j.put("sentence", f.sentence());
            j.put("assertion", f.assertion());
            j.put("error", f.error());
            j.put("message", f.toString());
            j.put("source", f.source().map(JsonReportRenderer::source).orElse(null));
            j.put("suggestion", f.suggestion().orElse(null));
            j.put("before", states && f.error() ? report.invariants().get(f.pc()) : null);
            j.put("after", states && f.error() ? report.postInvariants().get(f.pc()) : null);
            findings.add(j);
        }
        o.put("findings", findings);
        o.put("exitRange", report.exitRange().map(r -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("min", r.min());
            j.put("max", r.max());
            return (Object) j;
        }).orElse(null));
        o.put("stats", stats(report.stats()));
        List<Object> invariants = new ArrayList<>();
        if (level == ReportLevel.FULL) {
            report.invariants().forEach((pc, s) -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("pc", pc);
                j.put("state", s);
                invariants.add(j);
            });
        }
        o.put("invariants", invariants);
        return o;
    }

    private static Map<String, Object> options(VerifierOptions opts) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("level", opts.level().displayName());
        j.put("allowDivisionByZero", opts.allowDivisionByZero());
        j.put("checkTermination", opts.checkTermination());
        j.put("loopLimit", opts.loopLimit());
        j.put("maxInstructions", opts.maxInstructions());
        j.put("maxPacketSize", opts.maxPacketSize());
        j.put("frameSize", opts.frameSize());
        j.put("maxFrames", opts.maxFrames());
        return j;
    }

    private static Map<String, Object> source(SourceLoc loc) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("file", loc.file());
        j.put("line", loc.line());
        j.put("column", loc.column());
        j.put("text", loc.text());
        return j;
    }

    private static Map<String, Object> stats(VerificationStats s) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("instructions", s.instructions());
        j.put("iterations", s.iterations());
        j.put("maxLoopCount", s.maxLoopCount());
        j.put("instructionBound", s.instructionBound());
        j.put("millis", s.millis());
        j.put("allocatedBytes", s.allocatedBytes());
        return j;
    }
}
