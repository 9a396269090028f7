package io.splitbpf.verifier.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/// Reads `/proc/<pid>/mountinfo` (proc(5)): `id parent major:minor root mountpoint options
/// [optional fields] - fstype source superoptions`, with spaces and other bytes in paths
/// escaped as `\ooo`.
final class MountInfo {
    private MountInfo() {}

    /// The mount points mounted read-write, except `allowed` and mounts below it, in file order.
    static List<String> writableMounts(Path mountinfo, Path allowed) throws IOException {
        Path keep = allowed.toAbsolutePath().normalize();
        List<String> writable = new ArrayList<>();
        for (String line : Files.readAllLines(mountinfo)) {
            String[] f = line.split(" ");
            if (f.length < 6) continue;
            String point = unescape(f[4]);
            boolean rw = Arrays.asList(f[5].split(",")).contains("rw");
            if (rw && !Path.of(point).startsWith(keep) && !writable.contains(point)) writable.add(point);
        }
        return writable;
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
        }
        return true;
    }
}
