package io.splitbpf.exec.context;

import io.splitbpf.core.isa.MemSize;
import java.util.Objects;

/// One field of a program-visible context structure and where the host keeps it: a program's
/// `W` load at `offset` of the structure (`struct xdp_md`) becomes a `hostSize` load at
/// `hostOffset` of the host's layout (a 64-bit pointer where Linux hands out a u32).
public record ContextField(String name, int offset, MemSize size, int hostOffset, MemSize hostSize) {
    public ContextField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(hostSize, "hostSize");
    }
}
