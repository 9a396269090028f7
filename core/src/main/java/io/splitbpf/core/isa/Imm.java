package io.splitbpf.core.isa;

/// A 32-bit immediate operand.
public record Imm(int value) implements Operand {
    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
