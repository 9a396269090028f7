package io.splitbpf.verifier.report;

import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.verifier.ReportLevel;
import io.splitbpf.verifier.VerificationReport;
import java.util.LinkedHashMap;
import java.util.Map;

/// One program's report with the line or fields that say which program it is, as `ebpf
/// verify` prints it and the verifier service returns it: the text is
/// `OBJECT: PROGRAM  section S  type T` followed by [TextReportRenderer]'s lines indented by two
/// spaces; the JSON is the object of `ebpf verify -j`'s `programs` list (`object`, `program`,
/// `section`, `type`, `verifiedAs` and [JsonReportRenderer]'s `report`).
public final class ProgramReportRenderer {
    private ProgramReportRenderer() {}

    /// The text block of `program` of `object`, verified against `verifiedAs`.
    public static String text(String object, ProgramSpec program, ProgramTypeDescriptor verifiedAs,
                              VerificationReport report, ReportLevel level) {
        StringBuilder sb = new StringBuilder();
        sb.append(object).append(": ").append(program.name()).append("  section ").append(program.sectionName())
                .append("  type ").append(typeText(program, verifiedAs)).append('\n');
        TextReportRenderer.render(report, level).lines().forEach(l -> sb.append("  ").append(l).append('\n'));
        return sb.toString();
    }

    /// The JSON object of `program` of `object`, verified against `verifiedAs`.
    public static Map<String, Object> json(String object, ProgramSpec program, ProgramTypeDescriptor verifiedAs,
                                           VerificationReport report, ReportLevel level) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("object", object);
        j.put("program", program.name());
        j.put("section", program.sectionName());
        j.put("type", program.type().bpftoolName());
        j.put("verifiedAs", verifiedAs.name());
        j.put("report", JsonReportRenderer.toJson(report, level));
        return j;
    }

    /// The type as text: `xdp`, or `unspec (verified as sched_cls)` for a program whose
    /// section names no type.
    public static String typeText(ProgramSpec program, ProgramTypeDescriptor verifiedAs) {
        return program.type().bpftoolName()
                + (program.type() == ProgramType.UNSPEC ? " (verified as " + verifiedAs.name() + ")" : "");
    }
}
