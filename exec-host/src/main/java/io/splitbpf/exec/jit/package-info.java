/// The JIT: eBPF to JVM bytecode with `java.lang.classfile`, defined as a hidden class that the
/// JVM's own JIT then compiles to machine code.
///
/// Each eBPF function (the program, and each target of a bpf-to-bpf call) becomes one static
/// method whose eBPF registers are `long` locals ([LocalsLayout]). Every load and store is one
/// access to the tenant's [java.lang.foreign.MemorySegment] at `address - BASE`, which the
/// segment bounds-checks: whatever a program computes, it cannot reach outside its tenant's
/// memory. Helpers are constants of the hidden class (its class data) called directly.
package io.splitbpf.exec.jit;
