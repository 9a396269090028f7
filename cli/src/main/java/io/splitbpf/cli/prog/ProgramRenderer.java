package io.splitbpf.cli.prog;

import io.splitbpf.core.thrift.ProgramInfo;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/// `prog show` output: bpftool's layout, with the tenant, the execution mode, the section and
/// the signer in place of bpftool's uid and pids.
///
/// ```
/// 3: xdp  name xdp_proto_count  tag 4f1d0a3b2c1e0f9a  gpl run_time_ns 81632 run_cnt 10
///         loaded_at 2026-11-22T10:11:00+0000  tenant admin  mode jit
///         xlated 480B  jited 1234B  map_ids 4
///         section xdp  signer CN=ebpf-verifier-signing,OU=verifier-signing,O=splitbpf
/// ```
public final class ProgramRenderer {
    private static final DateTimeFormatter LOADED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);

    private ProgramRenderer() {}

    /// The text form of `p`.
    public static void text(ProgramInfo p, PrintWriter out) {
        out.printf("%d: %s  name %s  tag %s%s%s%n", p.getId(), p.getType(), p.getName(), p.getTag(),
                p.isGplCompatible() ? "  gpl" : "",
                p.getRunCount() > 0 ? " run_time_ns " + p.getRunTimeNs() + " run_cnt " + p.getRunCount() : "");
        out.printf("\tloaded_at %s  tenant %s  mode %s%n", LOADED_AT.format(Instant.ofEpochMilli(p.getLoadedAtMillis())),
                p.getTenant(), p.getMode());
        out.printf("\txlated %dB  %s%s%n", p.getXlatedBytes(),
                "jit".equals(p.getMode()) ? "jited " + p.getJitedBytes() + "B" : "not jited",
                p.getMapIds().isEmpty() ? "" : "  map_ids " + p.getMapIds().stream().map(String::valueOf)
                        .collect(Collectors.joining(",")));
        out.printf("\tsection %s  signer %s%n", p.getSection(), p.getSigner());
        if (p.isSetPinned() && !p.getPinned().isEmpty()) {
            out.printf("\tpinned %s%n", p.getPinned());
        }
    }

    /// The JSON form of `p`: bpftool's keys (`id`, `type`, `name`, `tag`, `gpl_compatible`,
    /// `run_time_ns`, `run_cnt`, `loaded_at` in seconds, `bytes_xlated`, `jited`,
    /// `bytes_jited`, `map_ids`, `pinned`) and splitbpf's (`tenant`, `mode`, `section`, `signer`).
    public static Map<String, Object> json(ProgramInfo p) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", p.getId());
        j.put("type", p.getType());
        j.put("name", p.getName());
        j.put("tag", p.getTag());
        j.put("gpl_compatible", p.isGplCompatible());
        j.put("run_time_ns", p.getRunTimeNs());
        j.put("run_cnt", p.getRunCount());
        j.put("loaded_at", p.getLoadedAtMillis() / 1000);
        j.put("tenant", p.getTenant());
        j.put("mode", p.getMode());
        j.put("bytes_xlated", p.getXlatedBytes());
        j.put("jited", "jit".equals(p.getMode()));
        j.put("bytes_jited", p.getJitedBytes());
        j.put("map_ids", List.copyOf(p.getMapIds()));
        j.put("section", p.getSection());
        j.put("signer", p.getSigner());
        if (p.isSetPinned() && !p.getPinned().isEmpty()) {
            j.put("pinned", List.of(p.getPinned()));
        }
        return j;
    }
}
