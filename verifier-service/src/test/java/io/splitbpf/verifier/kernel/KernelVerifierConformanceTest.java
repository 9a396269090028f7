package io.splitbpf.verifier.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.elf.ElfObjectReader;
import io.splitbpf.core.platform.ProgramTypeDescriptor;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.ProgramSpec;
import io.splitbpf.core.spec.ProgramType;
import io.splitbpf.testsupport.TestPaths;
import io.splitbpf.verifier.Verdict;
import io.splitbpf.verifier.VerificationReport;
import io.splitbpf.verifier.Verifier;
import io.splitbpf.verifier.VerifierOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/// The Linux kernel's verifier against ours, on the samples and the corpus: every program the
/// kernel refuses for memory safety ([KernelMessages#MEMORY_SAFETY], or a message not yet
/// classified) we must refuse too. The kernel runs privileged here (root), so it accepts some
/// programs we refuse (pointer leaks, uninitialised stack reads): those are only counted. So
/// are its refusals of a global function, which it verifies alone for any arguments the
/// function's BTF prototype allows ([KernelMessages#GLOBAL_FUNCTION]), where we verify the
/// function at each call with the arguments it gets.
///
/// Loading goes through bpftool ([Bpftool]); the test skips, saying why, where bpftool is
/// missing or the kernel refuses bpf(). Objects libbpf 1.x cannot open (legacy `maps`
/// sections, sections it cannot guess a type for when not all are untyped), maps the kernel
/// cannot create, and programs libbpf did not attempt after an earlier program of the object
/// failed are reported, not compared. Objects whose programs all have untyped sections are
/// loaded as socket filters, as we (and PREVAIL) verify them.
class KernelVerifierConformanceTest {
    /// Kernel refusals of programs that are safe on this platform, each with the reason.
    private static final String EXPLANATIONS = "kernel-refusals-safe-here.md";

    /// One program the kernel refused, and what we said.
    private record Refusal(String object, String program, KernelMessages kind, String kernel, String ours,
                           boolean weAccept) {
        @Override
        public String toString() {
            return object + " " + program + ": kernel " + kind + " (" + kernel + "); ours: " + ours;
        }
    }

    @Test
    void programsTheKernelRefusesForMemorySafetyWeRefuse() throws IOException, InterruptedException {
        Bpftool bpftool = Bpftool.find().orElse(null);
        Assumptions.assumeTrue(bpftool != null, "bpftool is not installed (apt-get install bpftool)");
        Path samples = TestPaths.requireInRoot("samples");
        Optional<String> unusable = bpftool.unusable(samples.resolve("xdp_proto_count.o"));
        Assumptions.assumeTrue(unusable.isEmpty(), unusable::orElseThrow);
        List<Path> objects = new ArrayList<>(objects(samples, 1));
        objects.addAll(objects(TestPaths.requireShared("corpus"), Integer.MAX_VALUE));

        List<Refusal> refusals = new ArrayList<>();
        Map<String, Integer> notLoaded = new TreeMap<>();
        // Programs of objects that loaded whole, and the one refused program of each other object.
        int attempted = 0;
        int loaded = 0;
        List<String> loadedWeReject = new ArrayList<>();
        for (Path object : objects) {
            String name = TestPaths.root().relativize(object.toAbsolutePath().normalize()).toString();
            CollectionSpec ours;
            try {
                ours = ElfObjectReader.read(object);
            } catch (RuntimeException e) {
                notLoaded.merge("we cannot read the object", 1, Integer::sum);
                continue;
            }
            boolean untyped = !ours.programs().isEmpty()
                    && ours.programs().stream().allMatch(p -> p.type() == ProgramType.UNSPEC);
            Bpftool.ObjectLoad k = bpftool.load(object, untyped ? Optional.of("socket") : Optional.empty());
            if (k.objectError().isPresent()) {
                notLoaded.merge(k.objectError().get().replaceAll("'[^']*'", "'…'").replaceAll("\\d+", "N"), 1,
                        Integer::sum);
                continue;
            }
            for (Bpftool.ProgramLoad p : k.programs().values()) {
                attempted++;
                // A time-out names no program: an object of one program names it.
                String program = p.name().equals("?") && ours.programs().size() == 1
                        ? ours.programs().getFirst().name() : p.name();
                Optional<VerificationReport> r = verify(ours, program);
                if (p.loaded()) {
                    loaded++;
                    r.filter(x -> x.verdict() == Verdict.REJECTED)
                            .ifPresent(x -> loadedWeReject.add(name + " " + program + ": " + x.summary()));
                } else {
                    refusals.add(new Refusal(name, program, KernelMessages.of(p.message()), p.message(),
                            r.map(VerificationReport::summary).orElse("not verified here (no descriptor)"),
                            r.filter(x -> x.verdict() == Verdict.ACCEPTED).isPresent()));
                }
            }
        }
        Map<KernelMessages, Integer> byKind = new EnumMap<>(KernelMessages.class);
        refusals.forEach(x -> byKind.merge(x.kind(), 1, Integer::sum));
        StringBuilder report = new StringBuilder();
        report.append(objects.size()).append(" objects; ").append(attempted).append(" programs compared: the kernel ")
                .append("loaded ").append(loaded).append(" (").append(loadedWeReject.size()).append(" of them we reject) and ")
                .append("refused ").append(refusals.size()).append(' ').append(byKind).append('\n');
        refusals.forEach(x -> report.append("  ").append(x).append('\n'));
        report.append("the kernel loads, we reject (imprecision, or stricter rules: the kernel runs privileged):\n");
        loadedWeReject.forEach(x -> report.append("  ").append(x).append('\n'));
        report.append("objects the kernel did not load a program of:\n");
        notLoaded.forEach((why, n) -> report.append("  ").append(n).append(" × ").append(why).append('\n'));
        System.out.print(report);

        List<Refusal> accepted = refusals.stream().filter(Refusal::weAccept)
                .filter(x -> x.kind() == KernelMessages.MEMORY_SAFETY || x.kind() == KernelMessages.UNCLASSIFIED)
                .toList();
        Set<String> explained = explained();
        List<Refusal> unsound = accepted.stream().filter(x -> !explained.contains(x.object() + " " + x.program()))
                .toList();
        assertEquals(List.of(), unsound, "programs the kernel refuses for memory safety (or an unclassified reason) "
                + "and we accept, with no explanation in " + EXPLANATIONS);
        Set<String> stale = new TreeSet<>(explained);
        accepted.forEach(x -> stale.remove(x.object() + " " + x.program()));
        assertEquals(Set.of(), stale, EXPLANATIONS + " explains programs the kernel no longer refuses or we refuse");
    }

    /// The programs [#EXPLANATIONS] has a section for (`## object program`).
    private static Set<String> explained() throws IOException {
        try (InputStream in = KernelVerifierConformanceTest.class.getResourceAsStream("/" + EXPLANATIONS)) {
            if (in == null) {
                throw new IOException("test resource " + EXPLANATIONS + " is missing");
            }
            Set<String> out = new TreeSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("## "))
                    .forEach(l -> out.add(l.substring(3).strip()));
            return out;
        }
    }

    /// Our report on program `name` of `object`, unless we have no descriptor for its type.
    private static Optional<VerificationReport> verify(CollectionSpec object, String name) {
        Optional<ProgramSpec> p = object.programs().stream().filter(x -> x.name().equals(name)).findFirst();
        if (p.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProgramTypeDescriptor> d = p.get().type() == ProgramType.UNSPEC
                ? Optional.of(ProgramTypeDescriptor.SOCKET_FILTER) : ProgramTypeDescriptor.of(p.get().type());
        return d.map(x -> Verifier.verify(p.get(), object.maps(), x, VerifierOptions.defaults()));
    }

    private static List<Path> objects(Path dir, int depth) throws IOException {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(f -> f.toString().endsWith(".o") && Files.isRegularFile(f)).sorted().toList();
        }
    }
}
