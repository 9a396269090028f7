package io.splitbpf.cli.map;

import io.splitbpf.cli.daemon.DaemonClient;
import io.splitbpf.cli.output.HexText;
import io.splitbpf.core.thrift.MapEntry;
import io.splitbpf.core.thrift.MapInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/// `map show` and `map dump` output, in bpftool's layouts (`print_entry_plain`): a key and a
/// value on one line when both are small, else each on its own lines; a per-CPU map's value
/// once per execution slot, as bpftool prints one per CPU.
public final class MapRenderer {
    private MapRenderer() {}

    /// `4: percpu_array  name rxcnt  flags 0x0` and its detail lines.
    public static void text(MapInfo m, PrintWriter out) {
        out.printf("%d: %s  name %s  flags 0x%x%n", m.getId(), m.getType(), m.getName(), m.getFlags());
        out.printf("\tkey %dB  value %dB  max_entries %d  memlock %dB%n", m.getKeySize(), m.getValueSize(),
                m.getMaxEntries(), m.getBytesMemlock());
        out.printf("\ttenant %s%s%s%n", m.getTenant(), m.getProgramIds().isEmpty() ? "" : "  prog_ids "
                + m.getProgramIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
                m.isFrozen() ? "  frozen" : "");
    }

    /// bpftool's JSON keys (`id`, `type`, `name`, `flags`, `bytes_key`, `bytes_value`,
    /// `max_entries`, `bytes_memlock`, `frozen`) and splitbpf's (`tenant`, `prog_ids`).
    public static Map<String, Object> json(MapInfo m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", m.getId());
        j.put("type", m.getType());
        j.put("name", m.getName());
        j.put("flags", m.getFlags());
        j.put("bytes_key", m.getKeySize());
        j.put("bytes_value", m.getValueSize());
        j.put("max_entries", m.getMaxEntries());
        j.put("bytes_memlock", m.getBytesMemlock());
        j.put("frozen", m.isFrozen());
        j.put("tenant", m.getTenant());
        j.put("prog_ids", List.copyOf(m.getProgramIds()));
        return j;
    }

    /// Whether `m` keeps one value per execution slot.
    static boolean perCpu(MapInfo m) {
        return m.getType().contains("percpu");
    }

    /// One entry as `map dump` and `map lookup` print it.
    static void entry(MapInfo m, MapEntry e, PrintWriter out) {
        byte[] key = e.getKey();
        if (perCpu(m)) {
            out.println("key:");
            out.println(HexText.bytes(key));
            for (int slot = 0; slot < e.getValuesSize(); slot++) {
                out.printf("value (CPU %02d):%c%s%n", slot, m.getValueSize() > 16 ? '\n' : ' ',
                        HexText.bytes(value(e, slot)));
            }
            return;
        }
        boolean breakNames = m.getKeySize() > 16 || m.getValueSize() > 16;
        boolean singleLine = m.getKeySize() + m.getValueSize() <= 24 && !breakNames;
        StringBuilder line = new StringBuilder();
        if (m.getKeySize() > 0) {
            line.append("key:").append(breakNames ? '\n' : ' ').append(HexText.bytes(key)).append(singleLine ? "  " : "\n");
        }
        if (m.getValueSize() > 0) {
            line.append("value:").append(breakNames ? '\n' : ' ').append(e.getValuesSize() == 0 ? "<no entry>"
                    : HexText.bytes(value(e, 0)));
        }
        out.println(line);
    }

    /// bpftool's JSON entry: `{"key": [...], "value": [...]}`, or for a per-CPU map
    /// `{"key": [...], "values": [{"cpu": 0, "value": [...]}, ...]}`.
    static Map<String, Object> json(MapInfo m, MapEntry e) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("key", HexText.json(e.getKey()));
        if (perCpu(m)) {
            List<Object> values = new ArrayList<>();
            for (int slot = 0; slot < e.getValuesSize(); slot++) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("cpu", slot);
                v.put("value", HexText.json(value(e, slot)));
                values.add(v);
            }
            j.put("values", values);
        } else {
            j.put("value", e.getValuesSize() == 0 ? null : HexText.json(value(e, 0)));
        }
        return j;
    }

    private static byte[] value(MapEntry e, int slot) {
        return DaemonClient.bytes(e.getValues().get(slot));
    }
}
