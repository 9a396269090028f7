package io.splitbpf.exec.memory;

/// An access outside the memory a program may touch. Carries the address and size; the engine
/// adds the instruction.
public final class MemoryFault extends RuntimeException {
    private final long address;
    private final int size;
    private final boolean write;

    public MemoryFault(long address, int size, boolean write, String reason) {
        super(reason);
        this.address = address;
        this.size = size;
        this.write = write;
    }

    public long address() {
        return address;
    }

    public int size() {
        return size;
    }

    public boolean write() {
        return write;
    }
}
