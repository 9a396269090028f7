/// Differential fuzzing of execution engines: a seeded generator of random, well-formed,
/// terminating programs ([ProgramGenerator]), the deterministic helpers they call
/// ([FuzzHelpers]), and a runner that runs each program in two engines, compares what they
/// leave behind and shrinks a disagreement to a small reproducer ([DifferentialRunner]).
package io.splitbpf.exec.fuzz;
