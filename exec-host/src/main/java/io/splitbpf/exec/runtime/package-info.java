/// What every execution engine shares: the semantics of the tricky operations ([AluOps]), the
/// load-time structural checks ([ProgramValidator]), the helper table, the per-run context, and
/// the [ExecutionEngine] service that engines (the JIT, and in debug builds the interpreter)
/// provide.
package io.splitbpf.exec.runtime;
