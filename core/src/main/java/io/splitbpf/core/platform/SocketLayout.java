package io.splitbpf.core.platform;

import java.util.List;

/// The fields of `struct bpf_sock` a program may read through a socket pointer that a helper
/// such as `bpf_skc_lookup_tcp` returned (Linux's `bpf_sock_common_is_valid_access`): the
/// memory is read-only, every read is naturally aligned and at most 4 bytes wide, and `type`,
/// `protocol`, `mark` and `priority` are not common to every socket.
public final class SocketLayout {
    /// The size of `struct bpf_sock`.
    public static final int SIZE = 80;

    /// How a field may be read.
    public enum Reads {
        /// Only all four bytes at once.
        WHOLE,
        /// From the field's first byte, 1, 2 or 4 bytes.
        FROM_START,
        /// Any aligned part of the field.
        ANY_PART
    }

    /// One readable field.
    ///
    /// @param name the C field
    /// @param offset the first byte
    /// @param size the bytes of the field
    /// @param reads how it may be read
    public record Field(String name, int offset, int size, Reads reads) {}

    // Table: struct bpf_sock (include/uapi/linux/bpf.h) with the access rules of net/core/filter.c.
    private static final List<Field> FIELDS = List.of(
            new Field("bound_dev_if", 0, 4, Reads.WHOLE),
            new Field("family", 4, 4, Reads.FROM_START),
            new Field("src_ip4", 24, 4, Reads.ANY_PART),
            new Field("src_ip6", 28, 16, Reads.ANY_PART),
            new Field("src_port", 44, 4, Reads.FROM_START),
            new Field("dst_port", 48, 4, Reads.WHOLE),
            new Field("dst_port", 48, 2, Reads.ANY_PART),
            new Field("dst_ip4", 52, 4, Reads.ANY_PART),
            new Field("dst_ip6", 56, 16, Reads.ANY_PART),
            new Field("state", 72, 4, Reads.FROM_START),
            new Field("rx_queue_mapping", 76, 4, Reads.FROM_START));

    private SocketLayout() {}

    /// The readable fields, by offset.
    public static List<Field> fields() {
        return FIELDS;
    }

    /// Whether a read of `width` bytes at `offset` is allowed.
    public static boolean isReadable(long offset, int width) {
        if (width != 1 && width != 2 && width != 4 || offset < 0 || offset % width != 0) {
            return false;
        }
        for (Field f : FIELDS) {
            boolean ok = switch (f.reads()) {
                case WHOLE -> offset == f.offset() && width == f.size();
                case FROM_START -> offset == f.offset() && width <= f.size();
                case ANY_PART -> f.offset() <= offset && offset + width <= f.offset() + f.size();
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }
}
