package io.splitbpf.verifier.report;

import io.splitbpf.verifier.ReportLevel;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.VerificationStats;
import java.util.List;
import java.util.Map;

/// Renders a [VerificationReport] as text, at one of three levels:
///
/// - **normal** ([ReportLevel#SUMMARY]): the verdict, the first error with its source line and
///   suggestion, `(N more findings)`, the `r0` range at exit and the statistics;
/// - **informational** ([ReportLevel#SLICE]): every finding, each error with the invariant
///   before and after its instruction (where the report carries them), and the program's
///   digest and the verifier's version;
/// - **verbose** ([ReportLevel#FULL]): also the invariant before every instruction.
///
/// Every line ends with `\n`; the output is deterministic apart from the time and memory of
/// the `stats:` line. [JsonReportRenderer] renders the same record as JSON.
public final class TextReportRenderer {
    private TextReportRenderer() {}

    /// The report at the level it was produced with.
    public static String render(VerificationReport report) {
        return render(report, report.options().level());
    }

    /// The report at `level` (a level above the report's shows only what the report carries).
    public static String render(VerificationReport report, ReportLevel level) {
        StringBuilder sb = new StringBuilder();
        sb.append("verdict: ").append(verdictName(report.verdict())).append('\n');
        if (level != ReportLevel.SUMMARY) {
            sb.append("program sha256:").append(report.programDigest()).append(", verifier ")
                    .append(report.verifierVersion()).append('\n');
        }
        List<Finding> errors = report.errors();
        if (level == ReportLevel.SUMMARY) {
            if (!errors.isEmpty()) {
                finding(sb, errors.getFirst(), report, false);
                if (errors.size() > 1) {
                    sb.append('(').append(errors.size() - 1).append(" more findings)\n");
                }
            }
        } else {
            errors.forEach(f -> finding(sb, f, report, true));
            List<Finding> notes = report.findings().stream().filter(f -> !f.error()).toList();
            if (!notes.isEmpty()) {
                sb.append("notes:\n");
                notes.forEach(f -> sb.append("  ").append(f.describe()).append('\n'));
            }
        }
        report.exitRange().ifPresent(r -> sb.append("r0 at exit: ").append(r).append('\n'));
        sb.append("stats: ").append(stats(report.stats())).append('\n');
        if (level == ReportLevel.FULL && !report.invariants().isEmpty()) {
            sb.append("invariants:\n");
            for (Map.Entry<Integer, String> e : report.invariants().entrySet()) {
                sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            }
        }
        return sb.toString();
    }

    /// `accepted` or `rejected`.
    public static String verdictName(Verdict v) {
        return v == Verdict.ACCEPTED ? "accepted" : "rejected";
    }

    /// The statistics on one line, e.g. `instructions 11, iterations 14, max loop count 0,
    /// instruction bound 11, time 0 ms, allocated 212 KB`.
    public static String stats(VerificationStats s) {
        return "instructions " + s.instructions() + ", iterations " + s.iterations() + ", max loop count "
                + s.maxLoopCount() + ", instruction bound " + (s.instructionBound() < 0 ? "unknown" : s.instructionBound())
                + ", time " + s.millis() + " ms" + (s.allocatedBytes() < 0 ? "" : ", allocated "
                + (s.allocatedBytes() + 1023) / 1024 + " KB");
    }

    private static void finding(StringBuilder sb, Finding f, VerificationReport report, boolean states) {
        sb.append(f.describe()).append('\n');
        f.suggestion().ifPresent(s -> sb.append("  suggestion: ").append(s).append('\n'));
        if (states) {
            String before = report.invariants().get(f.pc());
            String after = report.postInvariants().get(f.pc());
            if (before != null) {
                sb.append("  before: ").append(before).append('\n');
            }
            if (after != null) {
                sb.append("  after: ").append(after).append('\n');
            }
        }
    }
}
