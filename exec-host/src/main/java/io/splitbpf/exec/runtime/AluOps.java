package io.splitbpf.exec.runtime;

/// The RFC 9669 semantics of the operations where Java's own differ or need care, shared by
/// every engine (the JIT calls these with `invokestatic`, the interpreter directly) so that the
/// engines cannot disagree.
///
/// 32-bit operations take and return `long`s: they read the low 32 bits of their operands and
/// return the 32-bit result zero-extended, as ALU-class instructions write their destination.
public final class AluOps {
    private AluOps() {}

    /// Zero-extends the low 32 bits.
    public static long u32(long v) {
        return v & 0xffff_ffffL;
    }

    /// Unsigned 64-bit division; division by zero gives 0.
    public static long div64(long a, long b) {
        return b == 0 ? 0 : Long.divideUnsigned(a, b);
    }

    /// Unsigned 64-bit modulo; modulo by zero leaves the dividend.
    public static long mod64(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    /// Signed 64-bit division; by zero gives 0, `MIN / -1` gives `MIN` (Java's wrap-around).
    public static long sdiv64(long a, long b) {
        return b == 0 ? 0 : a / b;
    }

    /// Signed 64-bit modulo; by zero leaves the dividend, `MIN % -1` is 0. The result has the
    /// dividend's sign (truncated division), as RFC 9669 specifies.
    public static long smod64(long a, long b) {
        return b == 0 ? a : a % b;
    }

    /// Unsigned 32-bit division, zero-extended; by zero gives 0.
    public static long div32(long a, long b) {
        int d = (int) b;
        return d == 0 ? 0 : u32(Integer.divideUnsigned((int) a, d));
    }

    /// Unsigned 32-bit modulo, zero-extended; by zero leaves the low 32 bits of the dividend.
    public static long mod32(long a, long b) {
        int d = (int) b;
        return d == 0 ? u32(a) : u32(Integer.remainderUnsigned((int) a, d));
    }

    /// Signed 32-bit division, zero-extended; by zero gives 0.
    public static long sdiv32(long a, long b) {
        int d = (int) b;
        return d == 0 ? 0 : u32((int) a / d);
    }

    /// Signed 32-bit modulo, zero-extended; by zero leaves the low 32 bits of the dividend.
    public static long smod32(long a, long b) {
        int d = (int) b;
        return d == 0 ? u32(a) : u32((int) a % d);
    }

    /// 32-bit arithmetic shift right by `b & 31`, zero-extended.
    public static long arsh32(long a, long b) {
        return u32((int) a >> (int) b);
    }

    /// 32-bit logical shift right by `b & 31`.
    public static long rsh32(long a, long b) {
        return u32((int) a >>> (int) b);
    }

    /// 32-bit shift left by `b & 31`, zero-extended.
    public static long lsh32(long a, long b) {
        return u32((int) a << (int) b);
    }

    /// Converts the low `bits` of `v` to little endian (a truncation on a little-endian
    /// machine, which eBPF's memory model is).
    public static long toLe(long v, int bits) {
        return switch (bits) {
            case 16 -> v & 0xffff;
            case 32 -> v & 0xffff_ffffL;
            default -> v;
        };
    }

    /// Reverses the bytes of the low `bits` of `v` (to big endian, and `bswap`), zero-extended.
    public static long swap(long v, int bits) {
        return switch (bits) {
            case 16 -> Short.reverseBytes((short) v) & 0xffff;
            case 32 -> Integer.reverseBytes((int) v) & 0xffff_ffffL;
            default -> Long.reverseBytes(v);
        };
    }

    /// Sign-extends the low `bits` (8, 16 or 32) of `v` to 64 bits.
    public static long signExtend(long v, int bits) {
        return switch (bits) {
            case 8 -> (byte) v;
            case 16 -> (short) v;
            default -> (int) v;
        };
    }
}
