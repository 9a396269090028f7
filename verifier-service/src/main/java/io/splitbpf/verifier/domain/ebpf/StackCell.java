package io.splitbpf.verifier.domain.ebpf;

/// A value spilled to the stack at a constant offset: bytes `[offset, offset + width)`, with
/// its type; its numeric variables live in the zone domain under [#variable(String)] names.
///
/// @param offset the first byte, from the bottom of the whole stack
/// @param width the width in bytes (1, 2, 4 or 8)
/// @param type what the spilled value may be
public record StackCell(int offset, int width, TypeSet type) {
    public StackCell {
        if (offset < 0 || width < 1 || width > 8) {
            throw new IllegalArgumentException("stack cell at " + offset + " of width " + width);
        }
    }

    public int end() {
        return offset + width;
    }

    public boolean overlaps(int lo, int hi) {
        return offset < hi && lo < end();
    }

    /// PREVAIL's name of the cell, e.g. `s[504...511]`.
    public String name() {
        return "s[" + offset + "..." + (end() - 1) + "]";
    }

    /// PREVAIL's name of one of this cell's variables, e.g. `s[504...511].svalue`.
    public String variable(String kind) {
        return name() + "." + kind;
    }
}
