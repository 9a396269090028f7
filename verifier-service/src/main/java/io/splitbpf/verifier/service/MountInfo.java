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

    /// One line: the mount's id, its parent's id, where it is mounted, whether read-write and
    /// whether it stores files (proc does not: it is the kernel's interface).
    private record Mount(int id, int parent, Path point, boolean rw, boolean storage) {}

    /// The storage mount points mounted read-write and visible (not covered by a later mount on
    /// or above them), except `allowed` and mounts below it, in file order.
    static List<String> writableMounts(Path mountinfo, Path allowed) throws IOException {
        Path keep = allowed.toAbsolutePath().normalize();
        List<Mount> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(mountinfo)) {
            String[] f = line.split(" ");
            if (f.length < 6) continue;
            try {
                int dash = Arrays.asList(f).indexOf("-");
                boolean proc = dash > 0 && dash + 1 < f.length && f[dash + 1].equals("proc");
                mounts.add(new Mount(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Path.of(unescape(f[4])),
                        Arrays.asList(f[5].split(",")).contains("rw"), !proc));
            } catch (NumberFormatException e) {
                throw new IOException(mountinfo + ": line '" + line + "' does not read", e);
            }
        }
        List<String> writable = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            if (m.rw() && m.storage() && !m.point().startsWith(keep) && !covered(mounts, i)) writable.add(m.point().toString());
        }
        return writable;
    }

    /// Whether a mount after `mounts[i]` sits on its mount point or above it without being one
    /// of its ancestors: then it hides `mounts[i]` (mountinfo lists mounts in mount order).
    private static boolean covered(List<Mount> mounts, int i) {
        Mount m = mounts.get(i);
        for (int j = i + 1; j < mounts.size(); j++) {
            Mount later = mounts.get(j);
            if (m.point().startsWith(later.point()) && !isAncestor(mounts, later, m)) return true;
        }
        return false;
    }

    private static boolean isAncestor(List<Mount> mounts, Mount candidate, Mount m) {
        int parent = m.parent();
        for (int hops = 0; hops < mounts.size(); hops++) {
            if (parent == candidate.id()) return true;
            int p = parent;
            Mount next = mounts.stream().filter(x -> x.id() == p).findFirst().orElse(null);
            if (next == null || next.parent() == next.id()) return false;
            parent = next.parent();
        }
        return false;
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
