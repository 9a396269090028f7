package io.splitbpf.cli;

import java.util.ArrayList;
import java.util.List;

/// Renders an exception chain on one line, `a: b: c`, leaving out a message that only repeats
/// its cause's.
public final class Errors {
    private Errors() {}

    public static String oneLine(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable e = t; e != null; e = e.getCause()) {
            String m = switch (e) {
                case java.nio.file.NoSuchFileException f -> f.getFile() + ": no such file";
                case java.nio.file.AccessDeniedException f -> f.getFile() + ": permission denied";
                case java.nio.file.FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
                default -> e.getMessage();
            };
            if (m == null || m.isBlank()) {
                m = e.getClass().getSimpleName();
            }
            if (e.getCause() != null && e.getCause().getMessage() != null && m.equals(e.getCause().toString())) {
                continue;
            }
            if (!parts.isEmpty() && parts.getLast().endsWith(m)) {
                continue;
            }
            parts.add(m);
        }
        return String.join(": ", parts);
    }
}
