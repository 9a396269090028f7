package io.splitbpf.exec.memory;

import java.util.Objects;

/// A named, contiguous part of a tenant's memory, as programs see it: `[address, address + size)`.
public record Region(String name, long address, long size, boolean writable) {
    public Region {
        Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("negative region size " + size);
        }
    }

    /// The first address past the region.
    public long end() {
        return address + size;
    }

    /// Whether `[addr, addr + n)` lies inside the region (without overflow).
    public boolean contains(long addr, long n) {
        return addr >= address && n <= size && addr - address <= size - n;
    }
}
