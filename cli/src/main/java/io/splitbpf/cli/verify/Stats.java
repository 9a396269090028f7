package io.splitbpf.cli.verify;

import io.splitbpf.core.json.Json;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.VerifierOptions;
import io.splitbpf.verifier.report.TextReportRenderer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;

/// `ebpf verify --stats`: what verifying each program costs, its time and its memory, and the
/// totals; measured in this JVM ([#measure]) or in one fresh JVM per object ([ColdStats]).
///
/// Memory is measured two ways. `alloc` is what the verifying thread allocated: an upper
/// bound on the heap a program needed. `peak` is the most heap in use during its verification
/// above what was live after a GC just before it (the sum of the heap pools' peaks, so again
/// an upper bound, but one that garbage collected during the run does not inflate). A program
/// whose peak is above [#FLAG_BYTES] is flagged.
final class Stats {
    /// Programs that need more heap than this are flagged.
    static final long FLAG_BYTES = 512L << 20;
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();

    /// What verifying one program cost.
    ///
    /// @param file the object, as named
    /// @param program the program
    /// @param section its section
    /// @param verdict `accepted` or `rejected`
    /// @param instructions its instructions
    /// @param micros the time of its verification
    /// @param allocatedBytes the bytes the verifying thread allocated (-1 when unknown)
    /// @param peakHeapBytes the heap it needed at most, as the heap pools' peaks tell
    /// @param prevailMillis PREVAIL's time for it, when a manifest gave one
    record Row(String file, String program, String section, String verdict, int instructions, long micros,
               long allocatedBytes, long peakHeapBytes, OptionalDouble prevailMillis) {
        Row withPrevail(OptionalDouble ms) {
            return new Row(file, program, section, verdict, instructions, micros, allocatedBytes, peakHeapBytes, ms);
        }
    }

    /// A whole measurement.
    ///
    /// @param rows every program measured
    /// @param errors what could not be measured, one line each
    /// @param loadMicros the time spent reading objects (warm) or 0
    /// @param cold for `--cold`: how many JVMs ran, their total wall time and their largest RSS
    record Run(List<Row> rows, List<String> errors, long loadMicros, Optional<Cold> cold) {}

    /// What the JVMs of a cold run took.
    ///
    /// @param jvms how many ran (one per object)
    /// @param wallMicros their total wall time, start-up included
    /// @param maxRssKb the largest peak resident set of one, or -1 where the OS does not tell
    /// @param maxRssFile the object of that JVM
    record Cold(int jvms, long wallMicros, long maxRssKb, String maxRssFile) {}

    private Stats() {}

    /// Verifies `target` once, measuring time and heap (after a GC, so that the heap's peak
    /// starts from what is live).
    static Row measure(Target target, VerifierOptions options) {
        System.gc();
        long base = sum(p -> p.getUsage().getUsed());
        HEAP.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        VerificationReport r = target.verify(options);
        long nanos = System.nanoTime() - start;
        // Reading the usage records the current peak (HotSpot updates the pools' peaks at GCs
        // and when asked for the usage), so the peak covers the garbage left since the last GC.
        long now = sum(p -> p.getUsage().getUsed());
        long peak = Math.max(0, Math.max(now, sum(p -> p.getPeakUsage().getUsed())) - base);
        return new Row(target.file(), target.program().name(), target.program().sectionName(),
                TextReportRenderer.verdictName(r.verdict()), r.stats().instructions(), nanos / 1000,
                r.stats().allocatedBytes(), peak, OptionalDouble.empty());
    }

    private static long sum(ToLongFunction<MemoryPoolMXBean> f) {
        return HEAP.stream().mapToLong(f).sum();
    }

    /// This JVM's peak resident set in KB (`VmHWM`), or -1 where /proc does not tell.
    static long maxRssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /// Whether `verdict` (as [TextReportRenderer#verdictName] writes it) is an acceptance.
    static boolean accepted(Row r) {
        return r.verdict().equals(TextReportRenderer.verdictName(Verdict.ACCEPTED));
    }

    // ----- text -----

    static void printText(PrintWriter out, Run run, String timing) {
        boolean prevail = run.rows().stream().anyMatch(r -> r.prevailMillis().isPresent());
        out.println("# time: " + timing);
        out.println("# alloc: bytes the verifying thread allocated; peak: the most heap in use during a program's "
                + "verification, above what was live after a GC before it (both upper bounds on the heap it needed; "
                + "a peak of 0 fitted in the thread's allocation buffer)");
        out.printf("%-40s %-32s %-8s %6s %10s %10s %10s%s%n", "file", "program", "verdict", "insns", "ms", "alloc KB",
                "peak KB", prevail ? String.format("%12s", "PREVAIL ms") : "");
        for (Row r : run.rows()) {
            out.printf("%-40s %-32s %-8s %6d %10s %10d %10d%s%n", r.file(), r.program(), r.verdict(), r.instructions(),
                    millis(r.micros()), kb(r.allocatedBytes()), kb(r.peakHeapBytes()),
                    r.prevailMillis().isPresent() ? String.format(Locale.ROOT, "%12.1f", r.prevailMillis().getAsDouble())
                            : prevail ? String.format("%12s", "-") : "");
        }
        run.errors().forEach(e -> out.println("error: " + e));
        totals(run).forEach(out::println);
    }

    /// The closing lines: counts and times, memory, flagged programs, the cold run, PREVAIL.
    static List<String> totals(Run run) {
        List<Row> rows = run.rows();
        long accepted = rows.stream().filter(Stats::accepted).count();
        long verify = rows.stream().mapToLong(Row::micros).sum();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "total: %d programs (%d accepted, %d rejected), %d errors; verify %s ms%s",
                rows.size(), accepted, rows.size() - accepted, run.errors().size(), millis(verify),
                run.cold().isPresent() ? "" : ", loading the objects " + millis(run.loadMicros()) + " ms"));
        Optional<Row> mostAllocated = rows.stream().max(Comparator.comparingLong(Row::allocatedBytes));
        Optional<Row> mostHeap = rows.stream().max(Comparator.comparingLong(Row::peakHeapBytes));
        out.add("memory: allocated " + (rows.stream().mapToLong(r -> Math.max(0, r.allocatedBytes())).sum() >> 20)
                + " MB in all" + mostAllocated.map(r -> ", most " + (r.allocatedBytes() >> 20) + " MB (" + where(r) + ")")
                .orElse("") + "; heap needed at most " + mostHeap.map(r -> (r.peakHeapBytes() >> 20) + " MB (" + where(r)
                + ")").orElse("0 MB"));
        List<String> flagged = rows.stream().filter(r -> r.peakHeapBytes() > FLAG_BYTES).map(Stats::where).toList();
        out.add("over " + (FLAG_BYTES >> 20) + " MB of heap: " + (flagged.isEmpty() ? "none" : String.join(", ", flagged)));
        run.cold().ifPresent(c -> out.add(String.format(Locale.ROOT, "cold: %d JVMs, one per object; wall %s ms in "
                + "all (start-up, loading and verifying); largest RSS %s", c.jvms(), millis(c.wallMicros()),
                c.maxRssKb() < 0 ? "unknown" : (c.maxRssKb() >> 10) + " MB (" + c.maxRssFile() + ")")));
        List<Row> withPrevail = rows.stream().filter(r -> r.prevailMillis().isPresent()).toList();
        if (!withPrevail.isEmpty()) {
            double theirs = withPrevail.stream().mapToDouble(r -> r.prevailMillis().getAsDouble()).sum();
            long ours = withPrevail.stream().mapToLong(Row::micros).sum();
            out.add(String.format(Locale.ROOT, "PREVAIL: %.1f ms for the same %d programs (manifest's prevail_time_ms, "
                    + "one process each), ours %s ms", theirs, withPrevail.size(), millis(ours)));
        }
        return out;
    }

    private static String where(Row r) {
        return r.file() + " " + r.program();
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static long kb(long bytes) {
        return bytes < 0 ? -1 : (bytes + 1023) / 1024;
    }

    // ----- JSON -----

    static String json(Run run, int warmup, boolean pretty) {
        List<Object> rows = new ArrayList<>();
        for (Row r : run.rows()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("file", r.file());
            j.put("program", r.program());
            j.put("section", r.section());
            j.put("verdict", r.verdict());
            j.put("instructions", r.instructions());
            j.put("micros", r.micros());
            j.put("allocatedBytes", r.allocatedBytes());
            j.put("peakHeapBytes", r.peakHeapBytes());
            r.prevailMillis().ifPresent(ms -> j.put("prevailMillis", ms));
            rows.add(j);
        }
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("programs", run.rows().size());
        total.put("accepted", run.rows().stream().filter(Stats::accepted).count());
        total.put("errors", run.errors().size());
        total.put("verifyMicros", run.rows().stream().mapToLong(Row::micros).sum());
        total.put("loadMicros", run.loadMicros());
        total.put("allocatedBytes", run.rows().stream().mapToLong(r -> Math.max(0, r.allocatedBytes())).sum());
        total.put("maxPeakHeapBytes", run.rows().stream().mapToLong(Row::peakHeapBytes).max().orElse(0));
        total.put("maxRssKb", run.cold().map(Cold::maxRssKb).orElse(maxRssKb()));
        run.cold().ifPresent(c -> {
            total.put("jvms", c.jvms());
            total.put("wallMicros", c.wallMicros());
        });
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("memory", "allocatedBytes: allocated by the verifying thread; peakHeapBytes: heap pools' peak above the "
                + "heap live after a GC before the program");
        o.put("warmup", warmup);
        o.put("programs", rows);
        o.put("errors", run.errors());
        o.put("total", total);
        return Json.write(o, pretty);
    }
}
