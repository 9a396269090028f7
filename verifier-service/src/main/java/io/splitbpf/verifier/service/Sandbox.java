package io.splitbpf.verifier.service;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/// The confinement of this process, step by step, as the process itself observes it: each
/// step is applied or refused, and a refusal says why. `bin/ebpf-verifierd` applies what the
/// OS allows before the JVM starts (`setpriv`, `unshare`) and passes a note per step in the
/// environment (`SPLITBPF_SANDBOX_USER`, `_FS`, `_NNP`): the note explains a refusal, but the
/// verdict is always what `/proc/self` shows, so a step the launcher believes applied but the
/// process does not see is reported refused.
///
/// | step | applied when |
/// | --- | --- |
/// | unprivileged user | the effective uid (`/proc/self/status`) is not 0 |
/// | network | it listens on a loopback address only (no network namespace of its own: its clients must reach the port from theirs) |
/// | file system | every visible mount in `/proc/self/mountinfo` is read-only except the verifier's state folder (and proc, which stores nothing) |
/// | no new privileges | `NoNewPrivs: 1` |
/// | capabilities | `CapEff` is 0 |
/// | heap cap | the JVM was given `-Xmx` |
/// | signing key | `signer.key` is owner-only and owned by this process's uid |
/// | request limits | always: [RequestLimits] |
public final class Sandbox {
    /// One step.
    ///
    /// @param name what is confined
    /// @param applied whether this process is confined so
    /// @param detail how, or why not
    public record Step(String name, boolean applied, String detail) {
        /// `name: applied (detail)` or `name: refused: detail`.
        @Override
        public String toString() {
            return name + (applied ? ": applied (" + detail + ")" : ": refused: " + detail);
        }
    }

    /// Where the process's own view of itself lives; tests point it elsewhere.
    private final Path proc;
    private final Map<String, String> env;

    /// A sandbox report reading `proc` (a `/proc/<pid>` folder) and the launcher's notes in `env`.
    Sandbox(Path proc, Map<String, String> env) {
        this.proc = proc;
        this.env = env;
    }

    /// The steps of this process, whose state folder is `verifierDir`, listening on `listen`.
    public static List<Step> observe(Path verifierDir, InetSocketAddress listen, RequestLimits limits) {
        return new Sandbox(Path.of("/proc/self"), System.getenv()).steps(verifierDir, listen, limits);
    }

    List<Step> steps(Path verifierDir, InetSocketAddress listen, RequestLimits limits) {
        Map<String, String> status = ProcStatus.read(proc.resolve("status"));
        long euid = ProcStatus.effectiveUid(status);
        List<Step> steps = new ArrayList<>();
        steps.add(user(euid));
        steps.add(network(listen));
        steps.add(fileSystem(verifierDir));
        steps.add("1".equals(status.get("NoNewPrivs"))
                ? new Step("no new privileges", true, "NoNewPrivs is set: exec cannot gain privileges")
                : new Step("no new privileges", false, note("NNP", "NoNewPrivs is not set")));
        steps.add(capabilities(status.getOrDefault("CapEff", "")));
        steps.add(heap());
        steps.add(signingKey(verifierDir.resolve("signer").resolve("signer.key"), euid));
        steps.add(new Step("request limits", true, limits.describe()));
        return List.copyOf(steps);
    }

    private Step user(long euid) {
        String who = "uid " + euid + " (" + System.getProperty("user.name") + ")";
        if (euid < 0) return new Step("unprivileged user", false, "cannot read the effective uid from " + proc);
        if (euid == 0) return new Step("unprivileged user", false, note("USER", "running as root"));
        return new Step("unprivileged user", true, "running as " + who + Optional.ofNullable(env.get("SPLITBPF_SANDBOX_USER"))
                .filter(n -> !n.startsWith("refused")).map(n -> "; " + n).orElse(""));
    }

    private static Step network(InetSocketAddress listen) {
        if (listen.getAddress() != null && listen.getAddress().isLoopbackAddress()) {
            return new Step("network", true, "listening on loopback " + listen.getAddress().getHostAddress()
                    + " only; no network namespace of its own, since clients must reach its port from theirs");
        }
        return new Step("network", false, "listening on " + listen.getAddress().getHostAddress()
                + ", beyond loopback, as --listen asked");
    }

    private Step fileSystem(Path verifierDir) {
        List<String> writable;
        try {
            writable = MountInfo.writableMounts(proc.resolve("mountinfo"), verifierDir);
        } catch (IOException e) {
            return new Step("file system", false, "cannot read " + proc.resolve("mountinfo") + ": " + e.getMessage());
        }
        if (writable.isEmpty()) {
            return new Step("file system", true, "every mount but proc is read-only except " + verifierDir);
        }
        String shown = String.join(", ", writable.subList(0, Math.min(6, writable.size())))
                + (writable.size() > 6 ? " and " + (writable.size() - 6) + " more" : "");
        return new Step("file system", false, note("FS", "no read-only mount namespace") + "; writable mounts: " + shown);
    }

    private Step capabilities(String capEff) {
        try {
            if (!capEff.isEmpty() && Long.parseUnsignedLong(capEff, 16) == 0) {
                return new Step("capabilities", true, "no effective capabilities");
            }
        } catch (NumberFormatException e) {
            return new Step("capabilities", false, "CapEff '" + capEff + "' does not read");
        }
        return new Step("capabilities", false, capEff.isEmpty() ? "cannot read CapEff from " + proc
                : "it holds effective capabilities 0x" + capEff);
    }

    private static Step heap() {
        long mib = Runtime.getRuntime().maxMemory() >> 20;
        Optional<String> xmx = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> b);
        return xmx.map(a -> new Step("heap cap", true, mib + " MiB (" + a + ")"))
                .orElseGet(() -> new Step("heap cap", false, "no -Xmx given; the JVM's default cap of " + mib + " MiB applies"));
    }

    private static Step signingKey(Path key, long euid) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(key);
            long owner = ((Number) Files.getAttribute(key, "unix:uid")).longValue();
            String mode = PosixFilePermissions.toString(perms);
            boolean ownerOnly = PosixFilePermissions.fromString("rw-------").containsAll(perms);
            if (ownerOnly && owner == euid) {
                return new Step("signing key", true, key + " is " + mode + ", owned by uid " + owner + ", this service's user");
            }
            return new Step("signing key", false, key + " is " + mode + " and owned by uid " + owner
                    + (ownerOnly ? ", not this service's uid " + euid : ": others may read it"));
        } catch (IOException | UnsupportedOperationException e) {
            return new Step("signing key", false, "cannot check " + key + ": " + e.getMessage());
        }
    }

    /// The launcher's note for a step, minus its `refused: ` prefix, or `fallback`.
    private String note(String step, String fallback) {
        String n = env.get("SPLITBPF_SANDBOX_" + step);
        if (n == null || n.isBlank()) return fallback + " (not started through bin/ebpf-verifierd)";
        return n.startsWith("refused: ") ? n.substring("refused: ".length()) : fallback + "; the launcher said: " + n;
    }
}
