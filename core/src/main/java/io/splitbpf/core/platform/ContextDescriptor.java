package io.splitbpf.core.platform;

import java.util.List;
import java.util.Optional;

/// The layout of a program type's context as the verifier and the host both read it: its size,
/// the offsets of the packet pointer fields (`data`, `data_end`, `data_meta`, absent where
/// the type has none), the fields a program may write, and the fields that hold kernel
/// pointers this platform does not model (a socket, the flow keys). Every other byte in
/// `[0, size)` may be read and reads as a number; a read that overlaps a packet pointer field
/// must be the whole field, and a read that overlaps an opaque field is refused (reading it as a
/// number would leak the pointer).
///
/// @param name the C structure, e.g. `xdp_md`
/// @param size the size in bytes
/// @param data the offset of `data`
/// @param dataEnd the offset of `data_end`
/// @param dataMeta the offset of `data_meta`
/// @param pointerWidth the width of those pointer fields as the program reads them (4 for the
///        `__u32` fields of `__sk_buff` and `xdp_md`, 8 for `__bpf_md_ptr` fields)
/// @param writable the fields a program may write
/// @param opaque the pointer fields this platform does not model: neither readable nor writable
public record ContextDescriptor(String name, int size, Optional<Integer> data, Optional<Integer> dataEnd,
                                Optional<Integer> dataMeta, int pointerWidth, List<ContextField> writable,
                                List<ContextField> opaque) {
    public ContextDescriptor {
        writable = List.copyOf(writable);
        opaque = List.copyOf(opaque);
        if (pointerWidth != 4 && pointerWidth != 8) {
            throw new IllegalArgumentException("pointer fields of " + pointerWidth + " bytes (expected 4 or 8)");
        }
        for (ContextField f : writable) {
            if (f.end() > size) {
                throw new IllegalArgumentException("writable field " + f.name() + " beyond the context's " + size + " bytes");
            }
        }
        for (ContextField f : opaque) {
            if (f.end() > size) {
                throw new IllegalArgumentException("opaque field " + f.name() + " beyond the context's " + size + " bytes");
            }
        }
    }

    /// A read-only context without packet pointers.
    public static ContextDescriptor plain(String name, int size) {
        return new ContextDescriptor(name, size, Optional.empty(), Optional.empty(), Optional.empty(), 4, List.of(),
                List.of());
    }

    /// A read-only context with packet pointer fields of `width` bytes at the given offsets
    /// (`meta` below zero: none).
    public static ContextDescriptor packet(String name, int size, int data, int end, int meta, int width) {
        return new ContextDescriptor(name, size, Optional.of(data), Optional.of(end),
                meta < 0 ? Optional.empty() : Optional.of(meta), width, List.of(), List.of());
    }

    /// This layout with `fields` writable.
    public ContextDescriptor withWritable(List<ContextField> fields) {
        return new ContextDescriptor(name, size, data, dataEnd, dataMeta, pointerWidth, fields, opaque);
    }

    /// This layout with `fields` opaque.
    public ContextDescriptor withOpaque(List<ContextField> fields) {
        return new ContextDescriptor(name, size, data, dataEnd, dataMeta, pointerWidth, writable, fields);
    }

    /// Whether the context has packet pointers.
    public boolean hasPacket() {
        return data.isPresent();
    }

    /// Whether `[offset, offset + width)` lies inside one writable field.
    public boolean isWritable(int offset, int width) {
        return writable.stream().anyMatch(f -> f.offset() <= offset && offset + width <= f.end());
    }

    /// The opaque field `[offset, offset + width)` overlaps, if any.
    public Optional<ContextField> opaqueFieldOverlapping(int offset, int width) {
        return opaque.stream().filter(f -> offset < f.end() && f.offset() < offset + width).findFirst();
    }

    /// The packet pointer field `[offset, offset + width)` overlaps, if any: `data`, `data_end`
    /// or `data_meta`.
    public Optional<String> pointerFieldOverlapping(int offset, int width) {
        if (overlaps(data, offset, width)) {
            return Optional.of("data");
        }
        if (overlaps(dataEnd, offset, width)) {
            return Optional.of("data_end");
        }
        return overlaps(dataMeta, offset, width) ? Optional.of("data_meta") : Optional.empty();
    }

    private boolean overlaps(Optional<Integer> field, int offset, int width) {
        return field.isPresent() && offset < field.get() + pointerWidth && field.get() < offset + width;
    }
}
