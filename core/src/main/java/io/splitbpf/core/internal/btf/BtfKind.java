package io.splitbpf.core.internal.btf;

import java.util.Optional;

/// The BTF kinds (`BTF_KIND_*`, bits 24–28 of `btf_type.info`) and the size of the data each
/// appends after the 12-byte `btf_type`, as a fixed part plus a part per `vlen` item.
enum BtfKind {
    INT(1, 4, 0),
    PTR(2, 0, 0),
    ARRAY(3, 12, 0),
    STRUCT(4, 0, 12),
    UNION(5, 0, 12),
    ENUM(6, 0, 8),
    FWD(7, 0, 0),
    TYPEDEF(8, 0, 0),
    VOLATILE(9, 0, 0),
    CONST(10, 0, 0),
    RESTRICT(11, 0, 0),
    FUNC(12, 0, 0),
    FUNC_PROTO(13, 0, 8),
    VAR(14, 4, 0),
    DATASEC(15, 0, 12),
    FLOAT(16, 0, 0),
    DECL_TAG(17, 4, 0),
    TYPE_TAG(18, 0, 0),
    ENUM64(19, 0, 12);

    final int id;
    final int fixedTail;
    final int perItem;

    BtfKind(int id, int fixedTail, int perItem) {
        this.id = id;
        this.fixedTail = fixedTail;
        this.perItem = perItem;
    }

    static Optional<BtfKind> of(int id) {
        for (BtfKind k : values()) {
            if (k.id == id) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
