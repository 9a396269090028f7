package io.splitbpf.cli.artifact;

import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.core.artifact.ArtifactCodec;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.platform.HelperId;
import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.MapType;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.core.thrift.AdmissionVerdict;
import io.splitbpf.core.thrift.ArtifactContent;
import io.splitbpf.core.thrift.ArtifactMap;
import io.splitbpf.core.thrift.ArtifactOption;
import io.splitbpf.core.thrift.ProvenFact;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/// `artifact show` output: what an artifact holds, who signed it, and whether a host would
/// admit it.
final class ArtifactRenderer {
    private static final HexFormat HEX = HexFormat.of();

    private ArtifactRenderer() {}

    /// Who answered the admission question: the running host, or the local check.
    record Admission(String checkedBy, AdmissionVerdict verdict) {}

    static void text(String file, int size, ArtifactInspection a, Admission admission, PrintWriter out) {
        ArtifactContent c = a.content();
        out.printf("artifact %s  %d bytes  format %d%n", file, size, c.getFormatVersion());
        out.printf("  program       %s  section %s  type %s%s%n", c.getProgramName(), c.getSectionName(),
                programType(c), c.getAttachType() == -1 ? "" : "  attach " + attachType(c)
                        + (c.getAttachTarget().isEmpty() ? "" : " " + c.getAttachTarget()));
        out.printf("  tenant        %s%n", c.getTenant());
        out.printf("  license       %s%n", c.getLicense());
        out.printf("  object        %s  sha256 %s%n", c.getObjectName(), HEX.formatHex(c.getObjectDigest()));
        out.printf("  instructions  %s (%d bytes)  sha256 %s%s%n", instructionCount(c), c.getInstructions().length,
                HEX.formatHex(c.getInstructionsDigest()),
                digestMatches(c) ? "" : "  (DOES NOT MATCH the instructions)");
        for (ArtifactMap m : c.getMaps()) {
            out.printf("  map           %s  %s  key %dB  value %dB  max_entries %d  flags 0x%x%s%s%n", m.getName(),
                    mapType(m.getType()), m.getKeySize(), m.getValueSize(), m.getMaxEntries(), m.getFlags(),
                    m.getInitialData().length > 0 ? "  initial data " + m.getInitialData().length + "B" : "",
                    m.isFrozen() ? "  frozen" : "");
        }
        out.printf("  helpers       %s%n", c.getHelperIds().isEmpty() ? "none"
                : c.getHelperIds().stream().map(ArtifactRenderer::helper).collect(Collectors.joining(", ")));
        out.printf("  descriptor    sha256 %s%n", HEX.formatHex(c.getDescriptorHash()));
        out.println(("  verifier      " + c.getVerifierVersion() + "  " + c.getVerifierOptions().stream()
                .map(o -> o.getName() + "=" + o.getValue()).collect(Collectors.joining(" "))).stripTrailing());
        out.printf("  facts         %d%s%n", c.getFactsSize(), c.getFacts().isEmpty() ? "" : ":");
        c.getFacts().forEach(f -> out.println("                " + fact(f)));
        out.printf("  issued        %s  expires %s%n", Instant.ofEpochMilli(c.getIssuedAtMillis()),
                Instant.ofEpochMilli(c.getExpiresAtMillis()));
        X509Certificate s = a.signed().signer();
        out.printf("  signer        %s  serial %s%n", s.getSubjectX500Principal().getName(),
                s.getSerialNumber().toString(16));
        out.printf("                issued by %s, valid %s to %s; signature %s%n", s.getIssuerX500Principal().getName(),
                s.getNotBefore().toInstant(), s.getNotAfter().toInstant(),
                a.signed().signatureFailure().map(f -> "DOES NOT VERIFY (" + f + ")").orElse("verifies"));
        AdmissionVerdict v = admission.verdict();
        out.printf("  admission     %s (%s)%n", v.isAdmissible() ? "admissible: " + v.getDetail()
                : "refused: " + DaemonClient.refusalName(v.getReason()) + ": " + v.getDetail(), admission.checkedBy());
    }

    static Map<String, Object> json(String file, int size, ArtifactInspection a, Admission admission) {
        ArtifactContent c = a.content();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("file", file);
        j.put("bytes", size);
        j.put("format", c.getFormatVersion());
        j.put("program", c.getProgramName());
        j.put("section", c.getSectionName());
        j.put("type", programType(c));
        j.put("attach_type", c.getAttachType() == -1 ? null : attachType(c));
        j.put("attach_target", c.getAttachTarget());
        j.put("tenant", c.getTenant());
        j.put("license", c.getLicense());
        j.put("object", Map.of("name", c.getObjectName(), "sha256", HEX.formatHex(c.getObjectDigest())));
        Map<String, Object> insns = new LinkedHashMap<>();
        insns.put("slots", c.getInstructions().length / 8);
        insns.put("bytes", c.getInstructions().length);
        insns.put("sha256", HEX.formatHex(c.getInstructionsDigest()));
        insns.put("digest_matches", digestMatches(c));
        j.put("instructions", insns);
        j.put("maps", c.getMaps().stream().map(ArtifactRenderer::map).toList());
        j.put("helpers", c.getHelperIds().stream().map(id -> Map.of("id", id, "name",
                HelperId.of(id).map(HelperId::name).orElse("unknown"))).toList());
        j.put("descriptor_sha256", HEX.formatHex(c.getDescriptorHash()));
        Map<String, Object> options = new LinkedHashMap<>();
        for (ArtifactOption o : c.getVerifierOptions()) {
            options.put(o.getName(), o.getValue());
        }
        j.put("verifier", Map.of("version", c.getVerifierVersion(), "options", options));
        j.put("facts", c.getFacts().stream().map(ArtifactRenderer::factJson).toList());
        j.put("issued_at", Instant.ofEpochMilli(c.getIssuedAtMillis()).toString());
        j.put("expires_at", Instant.ofEpochMilli(c.getExpiresAtMillis()).toString());
        X509Certificate s = a.signed().signer();
        Map<String, Object> signer = new LinkedHashMap<>();
        signer.put("subject", s.getSubjectX500Principal().getName());
        signer.put("serial", s.getSerialNumber().toString(16));
        signer.put("issuer", s.getIssuerX500Principal().getName());
        signer.put("not_before", s.getNotBefore().toInstant().toString());
        signer.put("not_after", s.getNotAfter().toInstant().toString());
        signer.put("signature_verifies", a.signed().signatureFailure().isEmpty());
        j.put("signer", signer);
        j.put("certificates", a.signed().certificates().stream().map(x -> x.getSubjectX500Principal().getName()).toList());
        Map<String, Object> adm = new LinkedHashMap<>();
        adm.put("checked_by", admission.checkedBy());
        adm.put("admissible", admission.verdict().isAdmissible());
        adm.put("reason", admission.verdict().isSetReason() ? admission.verdict().getReason().name() : null);
        adm.put("detail", admission.verdict().getDetail());
        j.put("admission", adm);
        return j;
    }

    private static Map<String, Object> map(ArtifactMap m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", m.getName());
        j.put("type", mapType(m.getType()));
        j.put("bytes_key", m.getKeySize());
        j.put("bytes_value", m.getValueSize());
        j.put("max_entries", m.getMaxEntries());
        j.put("flags", m.getFlags());
        j.put("frozen", m.isFrozen());
        j.put("initial_data_bytes", m.getInitialData().length);
        return j;
    }

    private static Map<String, Object> factJson(ProvenFact f) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kind", f.getKind());
        j.put("pc", f.getPc());
        j.put("lo", f.getLo());
        j.put("hi", f.getHi());
        j.put("region", f.getRegion());
        return j;
    }

    private static String fact(ProvenFact f) {
        return (f.getPc() < 0 ? "program" : f.getPc() + ":") + " " + f.getKind()
                + (f.getLo() != 0 || f.getHi() != 0 ? " [" + f.getLo() + ", " + f.getHi() + "]" : "")
                + (f.getRegion().isEmpty() ? "" : " " + f.getRegion());
    }

    /// `28` instructions, or `28 in 33 slots` when some take two (`lddw`); the slot count alone
    /// when they do not decode.
    private static String instructionCount(ArtifactContent c) {
        int slots = c.getInstructions().length / 8;
        try {
            int n = InsnCodec.decode(c.getInstructions()).size();
            return n == slots ? Integer.toString(n) : n + " in " + slots + " slots";
        } catch (IllegalArgumentException e) {
            return slots + " slots (they do not decode: " + e.getMessage() + ")";
        }
    }

    private static boolean digestMatches(ArtifactContent c) {
        return Arrays.equals(ArtifactCodec.sha256(c.getInstructions()), c.getInstructionsDigest());
    }

    private static String programType(ArtifactContent c) {
        return ProgramType.ofId(c.getProgramType()).map(ProgramType::bpftoolName).orElse("type#" + c.getProgramType());
    }

    private static String attachType(ArtifactContent c) {
        return AttachType.ofId(c.getAttachType()).map(AttachType::bpftoolName).orElse("attach#" + c.getAttachType());
    }

    private static String mapType(int id) {
        return MapType.ofId(id).map(MapType::bpftoolName).orElse("type#" + id);
    }

    private static String helper(int id) {
        return HelperId.of(id).map(HelperId::toString).orElse("unknown#" + id);
    }
}
