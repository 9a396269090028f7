package io.splitbpf.core.elf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.NotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/// Mutated objects (flipped bytes, truncations, overwritten header fields) either load or are
/// refused with the loader's own exceptions, in bounded time: never an index, size or memory
/// error, never a hang.
class ElfMutationTest {
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<Path> paths = new ArrayList<>();
        Path samples = TestData.repoRoot().resolve("samples");
        if (Files.isDirectory(samples)) {
            try (Stream<Path> s = Files.list(samples)) {
                s.filter(p -> p.toString().endsWith(".o")).sorted().forEach(paths::add);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        for (String c : List.of("build/map_in_map.o", "build/bpf2bpf.o", "linux/xdp1_kern.o",
                "cilium-examples/tcprtt_sockops_bpf_bpfel.o", "build/global_variable.o")) {
            TestData.corpusObject(c).ifPresent(paths::add);
        }
        List<byte[]> out = new ArrayList<>(paths.stream().map(TestData::bytes).toList());
        out.add(handBuilt());
        return List.copyOf(out);
    }

    /// An object that needs no files: a program calling a `.text` function and using a map.
    private static byte[] handBuilt() {
        TestElf elf = new TestElf();
        int xdp = elf.section("xdp", TestElf.PROGBITS, TestElf.CODE, TestElf.insns(
                TestElf.raw(0x18, 1, 0, 0, 0), TestElf.raw(0, 0, 0, 0, 0),
                TestElf.raw(0x85, 0, 1, 0, -1), TestElf.raw(0x95, 0, 0, 0, 0)));
        int text = elf.section(".text", TestElf.PROGBITS, TestElf.CODE, TestElf.insns(
                TestElf.raw(0xb7, 0, 0, 0, 2), TestElf.raw(0x95, 0, 0, 0, 0)));
        int maps = elf.section("maps", TestElf.PROGBITS, TestElf.DATA, TestElf.u32s(2, 4, 8, 16, 0));
        elf.symbol("prog", TestElf.FUNC, TestElf.GLOBAL, xdp, 0, 32);
        int f = elf.symbol("f", TestElf.FUNC, TestElf.GLOBAL, text, 0, 16);
        int m = elf.symbol("m", TestElf.OBJECT, TestElf.GLOBAL, maps, 0, 20);
        elf.rel(xdp, 0, m, 1);
        elf.rel(xdp, 16, f, 10);
        return elf.build();
    }

    /// One edit: flip bits at a position, overwrite a 1/2/4/8-byte field, or truncate.
    record Mutation(int kind, double where, long value) {
        byte[] apply(byte[] seed) {
            if (seed.length == 0) {
                return seed;
            }
            int at = (int) (where * seed.length);
            byte[] out = seed.clone();
            switch (kind) {
                case 0 -> out[Math.min(at, out.length - 1)] ^= (byte) (value | 1);
                case 1 -> overwrite(out, at, value, 1 + (int) (Math.abs(value >>> 56) % 8));
                case 2 -> overwrite(out, headerField(value), value >> 8, 8);
                default -> out = java.util.Arrays.copyOf(out, at);
            }
            return out;
        }

        /// Offsets of ELF header fields (e_shoff, e_shnum, e_shstrndx, ...).
        private static int headerField(long v) {
            int[] fields = {4, 5, 16, 18, 40, 58, 60, 62};
            return fields[(int) Math.floorMod(v, (long) fields.length)];
        }

        private static void overwrite(byte[] b, int at, long v, int width) {
            for (int i = 0; i < width && at + i < b.length; i++) {
                b[at + i] = (byte) (v >>> (8 * i));
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1),
                Arbitraries.longs()).as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 1500)
    void mutatedObjectsLoadOrAreRefusedCleanly(@ForAll("mutations") List<Mutation> mutations,
            @ForAll("seedIndex") int seed) {
        byte[] bytes = SEEDS.get(seed % SEEDS.size());
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        byte[] input = bytes;
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            try {
                ElfObjectReader.read("mutant.o", input);
            } catch (BpfFormatException | NotSupportedException expected) {
                if (!expected.getMessage().startsWith("mutant.o: ")) {
                    throw new AssertionError("message does not name the object: " + expected.getMessage());
                }
            }
        });
    }

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, 1000);
    }
}
