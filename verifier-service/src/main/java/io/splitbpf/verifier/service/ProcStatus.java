package io.splitbpf.verifier.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/// The fields of `/proc/<pid>/status` (`Name:\tvalue` lines) that the sandbox report reads.
final class ProcStatus {
    private ProcStatus() {}

    /// The fields of `file` by name; empty when it does not read (not Linux).
    static Map<String, String> read(Path file) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0) fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        } catch (IOException e) {
            // no /proc: every step that needs it says it cannot tell
        }
        return fields;
    }

    /// The effective uid (`Uid:` is real, effective, saved, file system), or -1.
    static long effectiveUid(Map<String, String> status) {
        String[] ids = status.getOrDefault("Uid", "").split("\\s+");
        try {
            return ids.length >= 2 ? Long.parseLong(ids[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
