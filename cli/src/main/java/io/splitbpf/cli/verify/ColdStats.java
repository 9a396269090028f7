package io.splitbpf.cli.verify;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/// `ebpf verify --stats --cold`: one fresh JVM per object, as PREVAIL runs one process per
/// program, each running `ebpf verify --stats -j` on its object (with the same JVM options and
/// class path as this one, the AOT cache among them, plus [#SHORT_RUN]); the wall time of every
/// JVM, start-up included, adds up to the cold total, and each reports its programs and its
/// peak resident set.
final class ColdStats {
    /// The JVM options a one-object verification runs with, after this JVM's own: C1 only. A
    /// run this short spends its time in the interpreter and in C1 code; C2's compilations,
    /// on a machine with few cores, take CPU from it and mostly finish too late to pay off.
    static final List<String> SHORT_RUN = List.of("-XX:TieredStopAtLevel=1");

    private ColdStats() {}

    /// Runs one JVM per object of `files`, with the program and section filters given (null
    /// for none).
    static Stats.Run run(List<Path> files, String program, String section) throws IOException, InterruptedException {
        List<Stats.Row> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long wall = 0;
        long maxRss = -1;
        String maxRssFile = "";
        for (Path f : files) {
            List<String> command = new ArrayList<>(java());
            command.addAll(List.of("verify", "--stats", "-j"));
            if (program != null) {
                command.addAll(List.of("--program", program));
            }
            if (section != null) {
                command.addAll(List.of("--section", section));
            }
            command.add(f.toString());
            Path stderr = Files.createTempFile("splitbpf-verify", ".err");
            long start = System.nanoTime();
            byte[] out;
            byte[] err;
            Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            try {
                p.getOutputStream().close();
                out = p.getInputStream().readAllBytes();
                p.waitFor();
                wall += (System.nanoTime() - start) / 1000;
                err = Files.readAllBytes(stderr);
            } finally {
                Files.deleteIfExists(stderr);
            }
            Map<String, Object> json = parse(out);
            if (json == null) {
                errors.add(f + ": the JVM verifying it failed (exit " + p.exitValue() + "): "
                        + new String(err, StandardCharsets.UTF_8).strip());
                continue;
            }
            rows.addAll(rows(json));
            strings(json.get("errors")).forEach(errors::add);
            long rss = number(((Map<?, ?>) json.get("total")).get("maxRssKb"));
            if (rss > maxRss) {
                maxRss = rss;
                maxRssFile = f.toString();
            }
        }
        return new Stats.Run(rows, errors, 0, Optional.of(new Stats.Cold(files.size(), wall, maxRss, maxRssFile)));
    }

    /// `java [this JVM's options] [SHORT_RUN] -cp [this class path] io.splitbpf.cli.Main`,
    /// without agents (a debugger or profiler attached to this JVM stays out of the children).
    private static List<String> java() {
        List<String> out = new ArrayList<>();
        out.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agent") && !a.startsWith("-javaagent") && !a.startsWith("-XX:StartFlightRecording")) {
                out.add(a);
            }
        }
        out.addAll(SHORT_RUN);
        out.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.splitbpf.cli.Main"));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] out) {
        try {
            Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(out, StandardCharsets.UTF_8));
            return o instanceof Map<?, ?> m && m.get("programs") instanceof List<?> && m.get("total") instanceof Map<?, ?>
                    ? (Map<String, Object>) m : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<Stats.Row> rows(Map<String, Object> json) {
        List<Stats.Row> out = new ArrayList<>();
        for (Object o : (List<?>) json.get("programs")) {
            Map<?, ?> r = (Map<?, ?>) o;
            out.add(new Stats.Row(String.valueOf(r.get("file")), String.valueOf(r.get("program")),
                    String.valueOf(r.get("section")), String.valueOf(r.get("verdict")),
                    (int) number(r.get("instructions")), number(r.get("micros")), number(r.get("allocatedBytes")),
                    number(r.get("peakHeapBytes")), OptionalDouble.empty()));
        }
        return out;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
