package io.splitbpf.exec.maps;

import io.splitbpf.exec.runtime.ExecutionEngine;
import java.util.Objects;

/// A program in a [ProgArrayMap] slot: its id (what Linux's lookup of a prog_array returns),
/// its name for messages, and the loaded code that `bpf_tail_call` runs.
public record TailCallTarget(int id, String name, ExecutionEngine.LoadedCode code) {
    public TailCallTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
    }
}
