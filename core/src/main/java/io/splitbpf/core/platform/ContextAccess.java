package io.splitbpf.core.platform;

/// How a program may read or write a context field, after Linux's `*_is_valid_access`
/// functions (`net/core/filter.c`, `kernel/trace/bpf_trace.c`, `kernel/bpf/cgroup.c`).
///
/// Every access is aligned to its own size (`off % size == 0`) and lies inside the field;
/// besides that each kind allows these widths:
///
/// | kind | widths | Linux's name for it |
/// | --- | --- | --- |
/// | `NONE` | none | the field is refused (`return false`) |
/// | `ANY` | 1, 2, 4 or 8 anywhere in the field | `cb[]`, `pt_regs`, the arguments, `user_ip6` (`bpf_ctx_wide_access_ok`), `sample_period` |
/// | `NARROW` | 1, 2 or 4 anywhere in the field | `bpf_ctx_narrow_access_ok(off, size, sizeof(__u32))` over a `case bpf_ctx_range(...)` |
/// | `NARROW_AT_START` | 1, 2 or 4 at the field's first byte | the same check under a `case offsetof(...)` (`bpf_sock`'s family) |
/// | `NARROW_FROM_2` | 2 or 4 | `sk_reuseport_md`'s `eth_protocol` |
/// | `U32` | 4 | `size != size_default` refused |
/// | `U32_OR_U64` | 4 or 8 | `bpf_sock_addr`'s address writes (`bpf_ctx_wide_access_ok`) |
/// | `U64` | 8 | `__bpf_md_ptr` fields, `tstamp`, the registers of a perf event |
///
/// @see ContextField
public enum ContextAccess {
    NONE(0, false),
    ANY(1 | 2 | 4 | 8, false),
    NARROW(1 | 2 | 4, false),
    NARROW_AT_START(1 | 2 | 4, true),
    NARROW_FROM_2(2 | 4, false),
    U32(4, false),
    U32_OR_U64(4 | 8, false),
    U64(8, false);

    private final int widths;
    private final boolean atStart;

    ContextAccess(int widths, boolean atStart) {
        this.widths = widths;
        this.atStart = atStart;
    }

    /// Whether an access of `width` bytes at `offset`, aligned and inside `field`, is allowed.
    boolean allows(ContextField field, int offset, int width) {
        return (widths & width) != 0 && (!atStart || offset == field.offset());
    }

    /// The widths allowed in a field of `fieldWidth` bytes, as a phrase: `4 bytes`, `1, 2 or 4
    /// bytes at its start`.
    String phrase(int fieldWidth) {
        int allowed = widths & (2 * Integer.highestOneBit(Math.min(fieldWidth, 8)) - 1);
        StringBuilder sb = new StringBuilder();
        for (int w = 1; w <= 8; w <<= 1) {
            if ((allowed & w) != 0) {
                sb.append(sb.isEmpty() ? "" : (allowed & ~(2 * w - 1)) == 0 ? " or " : ", ").append(w);
            }
        }
        return sb.append(" bytes").append(atStart ? " at its start" : "").toString();
    }
}
