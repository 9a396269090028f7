package io.splitbpf.core.platform;

/// A field of a context structure: a name, its byte offset and width.
///
/// @param name the C field name
/// @param offset the byte offset in the structure
/// @param width the width in bytes
public record ContextField(String name, int offset, int width) {
    public ContextField {
        if (offset < 0 || width <= 0) {
            throw new IllegalArgumentException("context field " + name + " at " + offset + " of width " + width);
        }
    }

    public int end() {
        return offset + width;
    }
}
