package io.splitbpf.core.platform;

import java.util.List;
import java.util.Optional;

/// The layout of a program type's context as the verifier and the host both read it: its size,
/// the offsets of the packet pointer fields (`data`, `data_end`, `data_meta`, absent where
/// the type has none) and the fields a program may write. Every byte in `[0, size)` may be
/// read; a read that overlaps a packet pointer field must be the whole field.
///
/// @param name the C structure, e.g. `xdp_md`
/// @param size the size in bytes
/// @param data the offset of `data`
/// @param dataEnd the offset of `data_end`
/// @param dataMeta the offset of `data_meta`
/// @param pointerWidth the width of those pointer fields as the program reads them
/// @param writable the fields a program may write
public record ContextDescriptor(String name, int size, Optional<Integer> data, Optional<Integer> dataEnd,
                                Optional<Integer> dataMeta, int pointerWidth, List<ContextField> writable) {
    public ContextDescriptor {
        writable = List.copyOf(writable);
        for (ContextField f : writable) {
            if (f.end() > size) {
                throw new IllegalArgumentException("writable field " + f.name() + " beyond the context's " + size + " bytes");
            }
        }
    }

    /// A context without packet pointers.
    public static ContextDescriptor plain(String name, int size, List<ContextField> writable) {
        return new ContextDescriptor(name, size, Optional.empty(), Optional.empty(), Optional.empty(), 4, writable);
    }

    /// A context with packet pointer fields at the given offsets (`meta` below zero: none).
    public static ContextDescriptor packet(String name, int size, int data, int end, int meta, List<ContextField> writable) {
        return new ContextDescriptor(name, size, Optional.of(data), Optional.of(end),
                meta < 0 ? Optional.empty() : Optional.of(meta), 4, writable);
    }

    /// Whether the context has packet pointers.
    public boolean hasPacket() {
        return data.isPresent();
    }

    /// Whether `[offset, offset + width)` lies inside one writable field.
    public boolean isWritable(int offset, int width) {
        return writable.stream().anyMatch(f -> f.offset() <= offset && offset + width <= f.end());
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
