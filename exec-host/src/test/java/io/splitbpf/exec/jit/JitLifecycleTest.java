package io.splitbpf.exec.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.HelperTable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/// Compiled programs are unloaded with their hidden classes, and one program runs on several
/// threads at once, each in its own execution slot.
class JitLifecycleTest {
    private final JitCompiler jit = new JitCompiler();

    @Test
    void loadingAndDroppingManyProgramsUnloadsTheirClasses() throws InterruptedException {
        InsnSeq[] programs = new InsnSeq[16];
        for (int i = 0; i < programs.length; i++) {
            programs[i] = Assembler.of(Dialect.LLVM).assemble("r0 = " + i + "\nr0 += r1\nif r0 > 100 goto +1\nr0 *= 3\nexit");
        }
        // Every 1,000th program's class is watched through a weak reference: if hidden classes
        // stayed reachable (and so in metaspace), none of them could be collected.
        List<WeakReference<Class<?>>> watched = new ArrayList<>();
        int total = 100_000;
        try (TenantMemory memory = TenantMemory.allocate("lifecycle", 1 << 16)) {
            ExecContext ctx = new ExecContext(memory, 0);
            for (int i = 1; i <= total; i++) {
                int k = i % programs.length;
                CompiledProgram p = jit.compile(programs[k], HelperTable.empty());
                assertEquals(3L * (k + 1), p.run(ctx, memory.segment(), 1, 0, 0, 0, 0));
                if (i % 1000 == 0) {
                    watched.add(new WeakReference<>(p.getClass()));
                }
            }
        }
        long cleared = 0;
        for (int attempt = 0; attempt < 10 && cleared < watched.size(); attempt++) {
            System.gc();
            Thread.sleep(50);
            cleared = watched.stream().filter(w -> w.get() == null).count();
        }
        assertEquals(watched.size(), cleared, "hidden classes of dropped programs still reachable");
    }

    @Test
    void oneProgramRunsOnSeveralThreadsEachInItsOwnSlot() throws Exception {
        // Sums 1..n on the stack (so each run really uses its slot's frame), returns the sum + slot.
        InsnSeq program = Assembler.of(Dialect.LLVM).assemble("""
                r2 = 0
                *(u64 *)(r10 - 8) = r2
                r3 = r1
                loop:
                r4 = *(u64 *)(r10 - 8)
                r4 += r3
                *(u64 *)(r10 - 8) = r4
                r3 += -1
                if r3 != 0 goto loop
                call 8
                r5 = *(u64 *)(r10 - 8)
                r0 += r5
                exit
                """);
        HelperTable helpers = HelperTable.builder().add(8, "get_smp_processor_id", (c, a, b, x, y, z) -> c.slot()).build();
        CompiledProgram compiled = jit.compile(program, helpers);
        int threads = 4;
        try (TenantMemory memory = TenantMemory.allocate("threads", 1 << 20);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<ExecContext> slots = new ArrayList<>();
            for (int s = 0; s < threads; s++) {
                slots.add(new ExecContext(memory, s));
            }
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < threads; s++) {
                ExecContext ctx = slots.get(s);
                int slot = s;
                futures.add(pool.submit(() -> {
                    for (int n = 1; n <= 2000; n++) {
                        long r0 = compiled.run(ctx, memory.segment(), n, 0, 0, 0, 0);
                        assertEquals((long) n * (n + 1) / 2 + slot, r0);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }
}
