package io.splitbpf.verifier.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/// Loads objects into the running kernel's verifier with `bpftool prog loadall`, and reads
/// which programs the kernel loaded and, for the one it refused, why.
///
/// Each object is pinned in a bpffs of its own: mounted in a private mount namespace
/// (`unshare -m`), which takes the pins and the programs with it when bpftool exits; where
/// `unshare` cannot, in a fresh folder of `/sys/fs/bpf` when that is a bpffs, removed after.
/// When an object loads, its pinned programs are what the kernel accepted. When it does not,
/// libbpf names the program the kernel refused and prints its verifier log; the programs
/// loaded before it are not reported, and the ones after it were not attempted.
final class Bpftool {
    /// The time one object may take. The kernel verifies a program that never ends for a
    /// million instructions, twice (libbpf asks again for the log): about 20 s here, which
    /// a time-out turns into a termination refusal.
    static final long TIMEOUT_SECONDS = 10;
    /// What the output says of a time-out.
    static final String TIMED_OUT = "the kernel's verifier did not finish within " + TIMEOUT_SECONDS + " s";
    private static final Pattern LOG_START = Pattern.compile("libbpf: prog '([^']+)': -- BEGIN PROG LOAD LOG --");
    private static final Pattern PROG_FAILED = Pattern.compile("libbpf: prog '([^']+)': (?:BPF program load failed: "
            + "(.*)|failed to load: .*|(failed to .*))");
    private static final String PINNED = "PINNED ";
    private static final Pattern COMPLAINT = Pattern.compile("fail|not supported|invalid|isn't|is not|legacy|unknown"
            + "|missing|unrecognized|no such|can't|cannot");
    /// The log's trailing statistics, which follow the error line (sometimes on the same line).
    /// The kernel verifies each global (non-static) function alone, after the program, saying so.
    private static final Pattern VALIDATING = Pattern.compile("^Validating (\\S+)\\(\\) func#\\d+");
    private static final Pattern LOG_TAIL = Pattern.compile("verification time|^processed |^stack depth|^-- END PROG LOAD LOG");

    /// What the kernel said about one program.
    ///
    /// @param name the program (its function's name)
    /// @param loaded whether the kernel accepted it
    /// @param message why not: the verifier log's error line, or libbpf's when there is none
    record ProgramLoad(String name, boolean loaded, String message) {}

    /// What loading one object gave.
    ///
    /// @param objectError why no program was attempted, if none was (libbpf could not open the
    ///        object or create its maps, or found only subprograms); empty otherwise
    /// @param programs the programs the kernel loaded (when the whole object loaded) or the one
    ///        it refused
    /// @param output bpftool's whole output, for diagnosis
    record ObjectLoad(Optional<String> objectError, Map<String, ProgramLoad> programs, String output) {}

    private final Path bpftool;

    private Bpftool(Path bpftool) {
        this.bpftool = bpftool;
    }

    /// bpftool, when it is installed (on the PATH or in /usr/sbin, /sbin).
    static Optional<Bpftool> find() {
        List<Path> dirs = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty()) {
                dirs.add(Path.of(d));
            }
        }
        dirs.addAll(List.of(Path.of("/usr/sbin"), Path.of("/sbin")));
        return dirs.stream().map(d -> d.resolve("bpftool")).filter(Files::isExecutable).findFirst().map(Bpftool::new);
    }

    /// Why the kernel cannot be asked here, if it cannot: `good` (an object the kernel
    /// accepts) fails to load for a reason that is not the object's.
    Optional<String> unusable(Path good) throws IOException, InterruptedException {
        ObjectLoad l = load(good, Optional.empty());
        if (l.programs().values().stream().anyMatch(ProgramLoad::loaded)) {
            return Optional.empty();
        }
        String out = l.output();
        if (out.contains("Operation not permitted") || out.contains("Permission denied")) {
            return Optional.of("the kernel refuses bpf() here (not root, or CAP_BPF missing): " + firstLine(l));
        }
        return Optional.of("bpftool could not load " + good.getFileName() + ": " + firstLine(l));
    }

    private static String firstLine(ObjectLoad l) {
        return l.objectError().orElse(l.output().lines().filter(s -> s.contains("rror") || s.contains("failed"))
                .findFirst().orElse(l.output().strip()));
    }

    /// Loads `object` (with every program of type `type`, bpftool's name, when given) and
    /// reads the outcome.
    ObjectLoad load(Path object, Optional<String> type) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("splitbpf-bpffs");
        try {
            // $1 the bpffs, $2 bpftool, $3 the object: load, then list what got pinned.
            String loadall = "\"$2\" prog loadall \"$3\" \"$1/p\"" + type.map(t -> " type " + t).orElse("")
                    + "; rc=$?; [ -d \"$1/p\" ] && ls \"$1/p\" | sed 's/^/" + PINNED + "/'; exit $rc";
            String out = run(List.of("unshare", "-m", "sh", "-c", "mount -t bpf bpf \"$1\" || exit 97; " + loadall,
                    "sh", dir.toString(), bpftool.toString(), object.toString()));
            if (out == null && isBpffs(Path.of("/sys/fs/bpf"))) {
                Path pins = Files.createTempDirectory(Path.of("/sys/fs/bpf"), "splitbpf");
                try {
                    out = run(List.of("sh", "-c", loadall, "sh", pins.toString(), bpftool.toString(), object.toString()));
                } finally {
                    deleteTree(pins);
                }
            }
            if (out == null) {
                out = "Error: no bpffs to pin in: unshare -m with mount -t bpf failed and /sys/fs/bpf is not a bpffs";
            }
            return parse(out);
        } finally {
            deleteTree(dir);
        }
    }

    /// The combined output, or null when the private bpffs could not be mounted (or `unshare`
    /// is missing). The output goes to a file, so that a time-out can stop bpftool.
    private static String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("splitbpf-bpftool", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                return null;
            }
            p.getOutputStream().close();
            boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log, StandardCharsets.ISO_8859_1);
            if (!done) {
                return "libbpf: prog '?': failed to load: " + TIMED_OUT + "\n" + out;
            }
            return p.exitValue() == 97 ? null : out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean isBpffs(Path dir) {
        try {
            return Files.getFileStore(dir).type().equals("bpf");
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /// Reads the output: the pinned programs, or the refused one with its log's error line (or
    /// libbpf's message when it has no log).
    static ObjectLoad parse(String out) {
        List<String> lines = out.lines().toList();
        Map<String, ProgramLoad> programs = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher failed = PROG_FAILED.matcher(l);
            if (l.startsWith(PINNED)) {
                String name = l.substring(PINNED.length()).strip();
                programs.put(name, new ProgramLoad(name, true, ""));
            } else if (failed.find() && !programs.containsKey(failed.group(1))) {
                String why = failed.group(2) != null ? failed.group(2) : failed.group(3) != null ? failed.group(3) : l;
                programs.put(failed.group(1), new ProgramLoad(failed.group(1), false, why));
            } else if (LOG_START.matcher(l).find()) {
                Matcher start = LOG_START.matcher(l);
                start.find();
                String error = logError(lines, i + 1);
                if (!error.isEmpty()) {
                    programs.put(start.group(1), new ProgramLoad(start.group(1), false, error));
                }
            }
        }
        Optional<String> objectError = programs.isEmpty() ? Optional.of(objectError(lines)) : Optional.empty();
        return new ObjectLoad(objectError, programs, out);
    }

    /// Why libbpf attempted no program: its first complaint (not a warning it recovers from),
    /// or that there was nothing to load.
    private static String objectError(List<String> lines) {
        for (String l : lines) {
            String m = l.startsWith("libbpf:") ? l.substring("libbpf:".length()).strip() : "";
            if (!m.contains("skipping") && !m.contains("Retrying") && COMPLAINT.matcher(m).find()) {
                return m;
            }
        }
        return lines.stream().filter(l -> l.startsWith("Error")).findFirst()
                .orElse("libbpf found no program to load (functions in .text are only subprograms to it)");
    }

    /// The log's error line: the last line before its trailing statistics, prefixed with
    /// `global function NAME(): ` when the kernel was then verifying a global function alone.
    private static String logError(List<String> lines, int from) {
        String last = "";
        String function = "";
        for (int i = from; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher tail = LOG_TAIL.matcher(l);
            if (tail.find()) {
                String head = l.substring(0, tail.start()).strip();
                return function + (head.isEmpty() ? last : head);
            }
            Matcher validating = VALIDATING.matcher(l);
            if (validating.find()) {
                function = "global function " + validating.group(1) + "(): ";
            }
            if (!l.isBlank()) {
                last = l.strip();
            }
        }
        return function + last;
    }
}
