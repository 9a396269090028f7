package io.splitbpf.exec.jit;

import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.exec.runtime.ExecContext;
import io.splitbpf.exec.runtime.ExecutionEngine;
import io.splitbpf.exec.runtime.HelperTable;
import io.splitbpf.exec.runtime.LoadException;
import io.splitbpf.exec.runtime.ProgramValidator;
import io.splitbpf.exec.memory.TenantMemory;
import java.lang.constant.ClassDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/// The default engine: compiles a program to a hidden class ([ProgramClassEmitter]) and
/// instantiates it. Hidden classes are defined without a strong link to their loader, so a
/// program whose [CompiledProgram] is no longer referenced is unloaded with its class.
public final class JitCompiler implements ExecutionEngine {
    private static final ClassDesc PROGRAM_CLASS = ClassDesc.of("io.splitbpf.exec.jit.BpfProgram");

    @Override
    public String name() {
        return "jit";
    }

    @Override
    public LoadedCode load(InsnSeq program, HelperTable helpers) {
        return compileClass(program, helpers, Optional.empty());
    }

    @Override
    public LoadedCode load(InsnSeq program, HelperTable helpers, TenantMemory memory) {
        return compileClass(program, helpers, Optional.of(memory.segment()));
    }

    private static long arg(long[] args, int i) {
        return i < args.length ? args[i] : 0;
    }

    /// Checks and compiles `program`.
    ///
    /// @throws LoadException when the program fails a structural check or is too large for
    ///     one JVM method per function
    public CompiledProgram compile(InsnSeq program, HelperTable helpers) {
        return compileClass(program, helpers, Optional.empty()).compiled();
    }

    /// [#compile(InsnSeq, HelperTable)], bound to `memory`: the segment is a constant of the
    /// program's class, so the JVM folds its address and size into every access instead of
    /// reading them from the segment on each run. The program then runs only with that
    /// segment; [CompiledProgram#run] with another throws [IllegalStateException]. Accesses
    /// are bounds-checked exactly as before.
    ///
    /// @throws LoadException as [#compile(InsnSeq, HelperTable)]
    public CompiledProgram compile(InsnSeq program, HelperTable helpers, TenantMemory memory) {
        return compileClass(program, helpers, Optional.of(memory.segment())).compiled();
    }

    /// A compiled program and the size of its class file (what `prog show` reports as jited).
    private record Loaded(CompiledProgram compiled, int codeSize) implements LoadedCode {
        @Override
        public long run(ExecContext ctx, long... args) {
            return compiled.run(ctx, ctx.memory().segment(), arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3),
                    arg(args, 4));
        }
    }

    private static Loaded compileClass(InsnSeq program, HelperTable helpers, Optional<MemorySegment> memory) {
        ProgramValidator.validate(program, helpers);
        ProgramClassEmitter emitter = new ProgramClassEmitter(program, helpers, memory);
        byte[] bytes;
        try {
            bytes = emitter.emit(PROGRAM_CLASS);
        } catch (IllegalArgumentException e) {
            throw new LoadException(-1, "the program is too large for the JIT (" + e.getMessage() + ")");
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes,
                    emitter.classData(), true);
            CompiledProgram compiled = (CompiledProgram) hidden.findConstructor(hidden.lookupClass(),
                    MethodType.methodType(void.class)).invoke();
            return new Loaded(compiled, bytes.length);
        } catch (LoadException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("JIT: cannot define the program's class", e);
        }
    }
}
