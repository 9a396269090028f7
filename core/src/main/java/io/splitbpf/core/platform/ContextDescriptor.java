package io.splitbpf.core.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// The layout of a program type's context as the verifier and the host both read it: its size,
/// the offsets of the packet pointer fields (`data`, `data_end`, `data_meta`, absent where
/// the type has none), its fields with the widths at which a program may read and write each
/// ([ContextField], after Linux's `*_is_valid_access`), and the fields that hold kernel pointers
/// this platform does not model (a socket, the flow keys), which are neither read nor written.
///
/// A layout without fields (PREVAIL's test contexts) constrains no width: every byte in
/// `[0, size)` outside the opaque fields may be read at any width, and a read that overlaps a
/// packet pointer field gets no type unless it is the whole field.
///
/// @param name the C structure, e.g. `xdp_md`
/// @param size the size in bytes
/// @param data the offset of `data`
/// @param dataEnd the offset of `data_end`
/// @param dataMeta the offset of `data_meta`
/// @param pointerWidth the width of those pointer fields as the program reads them (4 for the
///        `__u32` fields of `__sk_buff` and `xdp_md`, 8 for `__bpf_md_ptr` fields)
/// @param fields the fields and how each may be accessed; empty: no width rules
/// @param opaque the pointer fields this platform does not model: neither readable nor writable
public record ContextDescriptor(String name, int size, Optional<Integer> data, Optional<Integer> dataEnd,
                                Optional<Integer> dataMeta, int pointerWidth, List<ContextField> fields,
                                List<ContextField> opaque) {
    public ContextDescriptor {
        fields = List.copyOf(fields);
        opaque = List.copyOf(opaque);
        if (pointerWidth != 4 && pointerWidth != 8) {
            throw new IllegalArgumentException("pointer fields of " + pointerWidth + " bytes (expected 4 or 8)");
        }
        for (ContextField f : fields) {
            if (f.end() > size) {
                throw new IllegalArgumentException("field " + f.name() + " beyond the context's " + size + " bytes");
            }
        }
        for (ContextField f : opaque) {
            if (f.end() > size) {
                throw new IllegalArgumentException("opaque field " + f.name() + " beyond the context's " + size + " bytes");
            }
        }
    }

    /// A read-only context without packet pointers or width rules.
    public static ContextDescriptor plain(String name, int size) {
        return new ContextDescriptor(name, size, Optional.empty(), Optional.empty(), Optional.empty(), 4, List.of(),
                List.of());
    }

    /// A read-only context without width rules, with packet pointer fields of `width` bytes at
    /// the given offsets (`meta` below zero: none).
    public static ContextDescriptor packet(String name, int size, int data, int end, int meta, int width) {
        return new ContextDescriptor(name, size, Optional.of(data), Optional.of(end),
                meta < 0 ? Optional.empty() : Optional.of(meta), width, List.of(), List.of());
    }

    /// This layout with `table` as its fields.
    public ContextDescriptor withFields(List<ContextField> table) {
        return new ContextDescriptor(name, size, data, dataEnd, dataMeta, pointerWidth, table, opaque);
    }

    /// This layout with `pointers` opaque.
    public ContextDescriptor withOpaque(List<ContextField> pointers) {
        return new ContextDescriptor(name, size, data, dataEnd, dataMeta, pointerWidth, fields, pointers);
    }

    /// Whether the context has packet pointers.
    public boolean hasPacket() {
        return data.isPresent();
    }

    /// The fields a program may write at some width.
    public List<ContextField> writable() {
        return fields.stream().filter(f -> f.write() != ContextAccess.NONE).toList();
    }

    /// Whether a write of `[offset, offset + width)` is allowed.
    public boolean isWritable(int offset, int width) {
        return !fields.isEmpty() && refusal(offset, width, true).isEmpty();
    }

    /// Whether some writable field shares a byte with `[offset, offset + width)`.
    public boolean touchesWritable(int offset, int width) {
        return writable().stream().anyMatch(f -> f.overlaps(offset, width));
    }

    /// Why Linux would refuse an access of `width` bytes at the constant `offset` (inside the
    /// structure and clear of the opaque fields), e.g. `8-byte read at offset 8 spans fields
    /// mark and queue_mapping`; empty when it is allowed, or when this layout has no fields.
    public Optional<String> refusal(int offset, int width, boolean write) {
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        String what = width + "-byte " + (write ? "write" : "read") + " at offset " + offset;
        if (Integer.bitCount(width) != 1 || offset % width != 0) {
            return Optional.of(what + " is not aligned to its size");
        }
        List<ContextField> holding = fields.stream().filter(f -> f.contains(offset, width)).toList();
        if (holding.stream().anyMatch(f -> f.access(write).allows(f, offset, width))) {
            return Optional.empty();
        }
        Optional<ContextField> usable = holding.stream().filter(f -> f.access(write) != ContextAccess.NONE).findFirst();
        if (usable.isPresent()) {
            ContextField f = usable.get();
            return Optional.of(what + " of field " + f.name() + " (allowed: " + f.access(write).phrase(f.width()) + ")");
        }
        if (!holding.isEmpty()) {
            return Optional.of(what + " of field " + holding.getFirst().name() + ", which "
                    + (write ? "is not writable" : "cannot be read"));
        }
        List<String> touched = new ArrayList<>();
        fields.stream().filter(f -> f.overlaps(offset, width)).map(ContextField::name)
                .filter(n -> !touched.contains(n)).forEach(touched::add);
        return Optional.of(switch (touched.size()) {
            case 0 -> what + " touches no field of " + name;
            case 1 -> what + " runs past field " + touched.getFirst();
            default -> what + " spans fields " + String.join(", ", touched.subList(0, touched.size() - 1)) + " and "
                    + touched.getLast();
        });
    }

    /// The opaque field `[offset, offset + width)` overlaps, if any.
    public Optional<ContextField> opaqueFieldOverlapping(int offset, int width) {
        return opaque.stream().filter(f -> f.overlaps(offset, width)).findFirst();
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
