package io.splitbpf.verifier.report;

import java.util.List;
import java.util.Map;

/// The JSON text of a tree of maps (in iteration order), lists, strings, numbers, booleans
/// and nulls; compact, or pretty with a two-space indent (the CLI's layout).
final class JsonText {
    private JsonText() {}

    static String write(Object value, boolean pretty) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, pretty, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, boolean pretty, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b);
            case Number n -> sb.append(n);
            case Map<?, ?> m when m.isEmpty() -> sb.append("{}");
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    newline(sb, pretty, depth + 1);
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(pretty ? ": " : ":");
                    write(sb, e.getValue(), pretty, depth + 1);
                }
                newline(sb, pretty, depth);
                sb.append('}');
            }
            case List<?> l when l.isEmpty() -> sb.append("[]");
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    newline(sb, pretty, depth + 1);
                    write(sb, l.get(i), pretty, depth + 1);
                }
                newline(sb, pretty, depth);
                sb.append(']');
            }
            default -> string(sb, v.toString());
        }
    }

    private static void newline(StringBuilder sb, boolean pretty, int depth) {
        if (pretty) {
            sb.append('\n').append("  ".repeat(depth));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        sb.append('"');
    }
}
