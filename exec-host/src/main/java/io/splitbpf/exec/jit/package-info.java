/// The JIT: eBPF to JVM bytecode with `java.lang.classfile`, defined as a hidden class that the
/// JVM's own JIT then compiles to machine code.
///
/// Each eBPF function (the program, and each target of a bpf-to-bpf call) becomes one static
/// method whose eBPF registers are `long` locals ([LocalsLayout]). Every load and store is one
/// call of a small [SegmentAccess] method: one access to the tenant's
/// [java.lang.foreign.MemorySegment] at `address - BASE`, which the segment bounds-checks:
/// whatever a program computes, it cannot reach outside its tenant's memory. Keeping each
/// access to a few bytes of bytecode lets the JVM inline a whole small program into its
/// caller. Helpers are constants of the hidden class (its class data) called directly, and so
/// is the tenant's segment when the program is compiled bound to it
/// ([JitCompiler#compile(io.splitbpf.core.insn.InsnSeq, io.splitbpf.exec.runtime.HelperTable, io.splitbpf.exec.memory.TenantMemory)]).
package io.splitbpf.exec.jit;
