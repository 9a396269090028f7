package io.splitbpf.core.isa;

/// The eleven registers. R0 holds return values, R1–R5 arguments, R6–R9 are callee-saved and
/// R10 is the read-only frame pointer.
public enum Reg implements Operand {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    /// The number of registers a program may name.
    public static final int COUNT = 11;

    /// The register with number `n`.
    ///
    /// @throws IllegalArgumentException when `n` is not 0–10
    public static Reg of(int n) {
        if (n < 0 || n >= COUNT) {
            throw new IllegalArgumentException("no register r" + n);
        }
        return values()[n];
    }

    /// The 4-bit register number.
    public int number() {
        return ordinal();
    }

    /// `r0` … `r10`, as the LLVM dialect writes it.
    @Override
    public String toString() {
        return "r" + ordinal();
    }
}
