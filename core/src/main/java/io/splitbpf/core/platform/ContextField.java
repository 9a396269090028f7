package io.splitbpf.core.platform;

/// A field of a context structure: a name, its byte offset and width, and how a program may read
/// and write it ([ContextAccess]). Fields may overlap (a union, or a field that allows one width
/// at its start and others inside): an access is allowed when one field containing it allows it.
///
/// @param name the C field name
/// @param offset the byte offset in the structure
/// @param width the width in bytes (of the whole array, for an array field)
/// @param read how it may be read
/// @param write how it may be written
public record ContextField(String name, int offset, int width, ContextAccess read, ContextAccess write) {
    public ContextField {
        if (offset < 0 || width <= 0) {
            throw new IllegalArgumentException("context field " + name + " at " + offset + " of width " + width);
        }
    }

    /// A field that is neither read nor written through this table (an opaque pointer).
    public ContextField(String name, int offset, int width) {
        this(name, offset, width, ContextAccess.NONE, ContextAccess.NONE);
    }

    public int end() {
        return offset + width;
    }

    /// Whether `[offset, offset + width)` lies inside this field.
    public boolean contains(int at, int bytes) {
        return offset <= at && at + bytes <= end();
    }

    /// Whether `[offset, offset + width)` shares a byte with this field.
    public boolean overlaps(int at, int bytes) {
        return at < end() && offset < at + bytes;
    }

    /// How it may be accessed for a write or a read.
    public ContextAccess access(boolean forWrite) {
        return forWrite ? write : read;
    }

    /// This field, writable as `how`.
    public ContextField writable(ContextAccess how) {
        return new ContextField(name, offset, width, read, how);
    }

    /// This field, read as `how`.
    public ContextField readAs(ContextAccess how) {
        return new ContextField(name, offset, width, how, write);
    }
}
