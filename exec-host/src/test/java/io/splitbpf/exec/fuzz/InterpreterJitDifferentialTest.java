package io.splitbpf.exec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Disassembler;
import io.splitbpf.core.conformance.DataFile;
import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.Width;
import io.splitbpf.exec.interp.Interpreter;
import io.splitbpf.exec.jit.JitCompiler;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.HelperTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/// Random programs must run identically in the reference interpreter and the JIT: the same r0,
/// the same bytes on the stack and in the input buffer, or an error at the same pc.
class InterpreterJitDifferentialTest {
    /// Programs per build; `-Dsplitbpf.fuzz.count=N` changes it.
    private static final long COUNT = Long.getLong("splitbpf.fuzz.count", 100_000);
    /// The first seed; `-Dsplitbpf.fuzz.seed=S` changes it.
    private static final long SEED = Long.getLong("splitbpf.fuzz.seed", 1);
    /// Where regression files found by a failing run are written.
    private static final Path FOUND = Path.of(System.getProperty("java.io.tmpdir"), "splitbpf-fuzz-regressions");

    private final ProgramGenerator generator = new ProgramGenerator();

    @Test
    void interpreterAndJitAgreeOnRandomPrograms() throws IOException {
        List<String> reports = new ArrayList<>();
        try (DifferentialRunner runner = new DifferentialRunner(new Interpreter(), new JitCompiler())) {
            for (long seed = SEED; seed < SEED + COUNT && reports.size() < 5; seed++) {
                Optional<DifferentialRunner.Mismatch> m = runner.check(generator.generate(seed));
                if (m.isPresent()) {
                    DifferentialRunner.Mismatch small = runner.shrink(m.get());
                    Files.createDirectories(FOUND);
                    Path file = FOUND.resolve("seed-" + seed + ".data");
                    Files.writeString(file, DifferentialRunner.dataFile(small));
                    reports.add(runner.describe(small) + "regression file: " + file);
                }
            }
        }
        assertTrue(reports.isEmpty(), () -> reports.size() + " mismatches (first seed " + SEED + "):\n"
                + String.join("\n", reports));
    }

    /// The mismatches found so far, kept as `.data` files with the interpreter's answer.
    @Test
    void regressionFilesRunAlikeAndGiveTheirResult() throws IOException {
        Path dir = Path.of("src/test/resources/fuzz-regressions");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no regression files in " + dir);
        try (DifferentialRunner runner = new DifferentialRunner(new Interpreter(), new JitCompiler())) {
            for (Path file : files) {
                DataFile data = DataFile.read(file);
                InsnSeq seq = Assembler.detecting().assemble(data.asm().orElseThrow());
                byte[] input = data.mem().orElseThrow();
                DifferentialRunner.Outcome a = runner.run(runner.first(), seq, input);
                DifferentialRunner.Outcome b = runner.run(runner.second(), seq, input);
                assertTrue(DifferentialRunner.agree(a, b), file + ": " + a + " vs " + b);
                if (data.result().isPresent()) {
                    assertEquals(data.result().get(), ((DifferentialRunner.Outcome.Returned) a).r0(), file.toString());
                } else {
                    assertTrue(a instanceof DifferentialRunner.Outcome.Failed, file + ": expected an error, got " + a);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameProgram() {
        for (long seed = 0; seed < 50; seed++) {
            assertEquals(generator.generate(seed).toInsnSeq(), generator.generate(seed).toInsnSeq());
        }
    }

    /// Reproducers are printed and saved as text, so the text must read back as the program.
    @Test
    void listingsAssembleBackToThePrograms() {
        for (long seed = 0; seed < 2_000; seed++) {
            long s = seed;
            InsnSeq seq = generator.generate(seed).toInsnSeq();
            String text = Disassembler.plain().render(seq);
            assertEquals(seq, Assembler.detecting().assemble(text), () -> "seed " + s + ", listing:\n" + text);
        }
    }

    /// Every instruction family, the 32-bit forms and the corner cases the generator promises
    /// appear within a few thousand programs.
    @Test
    void programsCoverEveryInstructionFamily() {
        TreeSet<String> seen = new TreeSet<>();
        for (long seed = 0; seed < 3_000; seed++) {
            for (LabeledInsn li : generator.generate(seed).toInsnSeq().insns()) {
                switch (li.insn()) {
                    case Alu a -> seen.add("alu " + a.op() + " " + a.width());
                    case Endian e -> seen.add("endian " + e.op() + " " + e.bits());
                    case LoadImm64 l -> seen.add("lddw");
                    case Load l -> seen.add("load " + l.size() + (l.signExtend() ? " sx" : "") + " r" + l.base().number());
                    case Store s -> seen.add("store " + s.size() + " r" + s.base().number());
                    case Atomic a -> seen.add("atomic " + a.op() + (a.fetch() ? " fetch " : " ") + a.size() + " r" + a.base().number());
                    case PacketLoad p -> seen.add(p.indirect() ? "ld_ind" : "ld_abs");
                    case Jump j -> seen.add("jump " + j.op() + " " + j.width() + (j.offset() < 0 ? " back" : ""));
                    case Call c -> seen.add("call " + c.helperId());
                    case CallReg c -> seen.add("callx");
                    case CallLocal c -> seen.add("call local");
                    case CallKfunc k -> seen.add("kfunc");
                    case Exit e -> seen.add("exit");
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (AluOp op : AluOp.values()) {
            for (Width w : Width.values()) {
                if (!(op == AluOp.MOVSX32 && w == Width.W32) && !seen.contains("alu " + op + " " + w)) {
                    missing.add("alu " + op + " " + w);
                }
            }
        }
        for (String s : List.of("endian LE 16", "endian BE 32", "endian SWAP 64", "lddw", "load B sx r10",
                "load W sx r6", "load DW r6", "store H r10", "store DW r6", "atomic CMPXCHG fetch W r6",
                "atomic XCHG fetch DW r10", "atomic ADD DW r10", "atomic XOR fetch W r10", "ld_abs", "ld_ind",
                "jump JSET W32", "jump JSLE W64", "jump JA W32", "jump JNE W64 back", "jump JLT W32 back",
                "call 1", "call 2", "call 3", "call 4", "callx", "call local", "exit")) {
            if (!seen.contains(s)) {
                missing.add(s);
            }
        }
        assertTrue(missing.isEmpty(), "never generated: " + missing);
        assertFalse(seen.contains("kfunc"));
    }

    /// Bpf-to-bpf calls stay shallower than the engines' limit.
    @Test
    void callsStayWithinTheFrameLimit() {
        assertTrue(ProgramGenerator.MAX_FUNCTIONS < ExecContext.MAX_FRAMES);
    }

    /// The runner finds a planted bug and shrinks the program around it.
    @Test
    void aPlantedBugIsFoundAndShrunk() {
        ExecutionEngine broken = new ExecutionEngine() {
            private final Interpreter inner = new Interpreter();

            @Override
            public String name() {
                return "broken";
            }

            @Override
            public LoadedCode load(InsnSeq program, HelperTable helpers) {
                LoadedCode code = inner.load(program, helpers);
                boolean sdiv = program.insns().stream().anyMatch(li -> li.insn() instanceof Alu a && a.op() == AluOp.SDIV);
                return (ctx, args) -> code.run(ctx, args) + (sdiv ? 1 : 0);
            }
        };
        try (DifferentialRunner runner = new DifferentialRunner(new Interpreter(), broken)) {
            Optional<DifferentialRunner.Mismatch> found = Optional.empty();
            for (long seed = 0; found.isEmpty(); seed++) {
                found = runner.check(generator.generate(seed));
            }
            DifferentialRunner.Mismatch small = runner.shrink(found.get());
            List<LabeledInsn> left = small.program().toInsnSeq().insns();
            assertTrue(left.stream().anyMatch(li -> li.insn() instanceof Alu a && a.op() == AluOp.SDIV));
            // Only the fixed frame set-up, the sdiv and the exit are left, in the program itself.
            assertTrue(left.size() <= 12, () -> "not shrunk:\n" + runner.describe(small));
            assertTrue(runner.describe(small).contains("s/="), () -> runner.describe(small));
        }
    }
}
