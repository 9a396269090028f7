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
        return names().name();
    }

    /// PREVAIL's name of one of this cell's variables, e.g. `s[504...511].svalue`.
    public String variable(String kind) {
        int k = Variables.REGISTER_KINDS.indexOf(kind);
        return k >= 0 ? names().variables()[k] : name() + "." + kind;
    }

    /// The names of this cell and of its [Variables#REGISTER_KINDS] variables, made once per
    /// place (offset and width) in the usual stacks: the analysis asks for them at every step.
    private Names names() {
        int i = offset * 8 + width - 1;
        if (i >= NAMES.length) {
            return Names.of(offset, width);
        }
        Names n = NAMES[i];
        if (n == null) {
            n = Names.of(offset, width);
            NAMES[i] = n;
        }
        return n;
    }

    /// Cached names by `offset * 8 + width - 1`, for offsets in eight 512-byte frames.
    private static final Names[] NAMES = new Names[4096 * 8];

    /// A cell's names; the array is never written after construction, and the final fields
    /// make the racy cache safe.
    private record Names(String name, String[] variables) {
        static Names of(int offset, int width) {
            String name = "s[" + offset + "..." + (offset + width - 1) + "]";
            String[] vs = new String[Variables.REGISTER_KINDS.size()];
            for (int k = 0; k < vs.length; k++) {
                vs[k] = name + "." + Variables.REGISTER_KINDS.get(k);
            }
            return new Names(name, vs);
        }
    }
}
