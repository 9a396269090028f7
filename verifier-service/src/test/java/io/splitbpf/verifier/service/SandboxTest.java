package io.splitbpf.verifier.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// [Sandbox] over a made-up `/proc/self`: each step's verdict comes from what the process
/// observes, the launcher's note only explains a refusal.
class SandboxTest {
    @TempDir
    Path dir;

    private static final String CONFINED_MOUNTS = """
            43 42 254:0 / / ro,relatime - ext4 /dev/vda rw
            45 43 0:21 / /proc rw,relatime - proc proc rw
            58 43 0:6 / /dev ro,relatime - devtmpfs devtmpfs rw
            59 58 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw
            60 59 0:23 / /dev/shm ro,relatime - tmpfs tmpfs rw
            63 43 0:40 / /mnt ro,relatime - tmpfs splitbpf-verifierd rw
            64 63 254:0 /tmp/s/verifier /mnt/state/verifier rw,relatime - ext4 /dev/vda rw
            """;

    private Path proc(String status, String mountinfo) throws IOException {
        Path p = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(p.resolve("status"), status);
        Files.writeString(p.resolve("mountinfo"), mountinfo);
        return p;
    }

    private Path verifierDir(String mode) throws IOException {
        Path v = Files.createDirectories(dir.resolve("mnt/state/verifier/signer"));
        Path key = v.resolve("signer.key");
        Files.writeString(key, "key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        return v.getParent();
    }

    private static String status(long uid, int nnp, String capEff) {
        return "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nNoNewPrivs:\t" + nnp
                + "\nCapEff:\t" + capEff + "\n";
    }

    private static Map<String, Sandbox.Step> byName(List<Sandbox.Step> steps) {
        Map<String, Sandbox.Step> m = new java.util.LinkedHashMap<>();
        steps.forEach(s -> m.put(s.name(), s));
        return m;
    }

    @Test
    void aConfinedProcessReportsEveryStepApplied() throws IOException {
        long uid = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        Path v = verifierDir("rw-------");
        Path proc = proc(status(uid == 0 ? 65534 : uid, 1, "0000000000000000"), CONFINED_MOUNTS.replace("/mnt/state/verifier",
                v.toString()));
        var steps = byName(new Sandbox(proc, Map.of()).steps(v, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ServiceFixture.limits()));
        assertTrue(steps.get("unprivileged user").applied(), steps.toString());
        assertTrue(steps.get("network").applied());
        assertTrue(steps.get("file system").applied(), steps.get("file system").toString());
        assertTrue(steps.get("no new privileges").applied());
        assertTrue(steps.get("capabilities").applied());
        assertTrue(steps.get("request limits").applied());
        assertEquals("signing key", List.copyOf(steps.keySet()).get(6));
        if (uid != 0) assertTrue(steps.get("signing key").applied(), steps.get("signing key").toString());
    }

    @Test
    void refusalsSayWhyWithTheLaunchersNote() throws IOException {
        Path v = verifierDir("rw-r--r--");
        Path proc = proc(status(0, 0, "000001fffeffffff"), """
                27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
                25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw
                """);
        var steps = byName(new Sandbox(proc, Map.of("SPLITBPF_SANDBOX_FS", "refused: unshare --mount failed: EPERM",
                "SPLITBPF_SANDBOX_USER", "refused: setpriv (util-linux) is not installed")).steps(v,
                new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 7000), ServiceFixture.limits()));
        assertEquals("unprivileged user: refused: setpriv (util-linux) is not installed",
                steps.get("unprivileged user").toString());
        assertEquals("file system: refused: unshare --mount failed: EPERM; writable mounts: /, /dev/shm",
                steps.get("file system").toString());
        assertTrue(steps.get("network").toString().startsWith("network: refused: listening on 0.0.0.0"));
        assertTrue(steps.get("no new privileges").toString().contains("not started through bin/ebpf-verifierd"));
        assertTrue(steps.get("capabilities").toString().contains("0x000001fffeffffff"));
        assertTrue(steps.get("signing key").toString().contains("others may read it"), steps.get("signing key").toString());
    }

    @Test
    void mountPointsAreUnescapedAndCoveredMountsDoNotCount() throws IOException {
        Path info = Files.writeString(dir.resolve("mountinfo"), """
                1 0 8:1 / / ro - ext4 x rw
                2 1 8:1 / /with\\040space rw - ext4 x rw
                3 1 8:1 / /hidden rw - ext4 x rw
                4 1 0:9 / /hidden ro - tmpfs x rw
                5 1 0:9 / /keep rw - ext4 x rw
                6 5 0:9 / /keep/below rw - ext4 x rw
                """);
        assertEquals(List.of("/with space"), MountInfo.writableMounts(info, Path.of("/keep")));
    }
}
