package io.splitbpf.exec.maps;

/// The Linux error numbers that map operations report (`include/uapi/asm-generic/errno-base.h`).
/// Helpers return them negated, as the kernel's helpers do; the Java API carries them in a
/// [MapException].
public final class Errno {
    /// Operation not permitted (a write to a frozen map).
    public static final int EPERM = 1;
    /// No such entry.
    public static final int ENOENT = 2;
    /// The map is full (or an array index is past its end, as `array_map_update_elem` reports).
    public static final int E2BIG = 7;
    /// A bad address (`bpf_probe_read_user_str` of memory the run may not read).
    public static final int EFAULT = 14;
    /// No room in a ring buffer.
    public static final int EAGAIN = 11;
    /// The entry already exists (`BPF_NOEXIST`).
    public static final int EEXIST = 17;
    /// A bad argument: unknown flags, a delete from an array.
    public static final int EINVAL = 22;
    /// No room for a new entry in an LPM trie.
    public static final int ENOSPC = 28;
    /// The operation is not supported by this map type (the kernel's internal `ENOTSUPP`).
    public static final int ENOTSUPP = 524;

    private Errno() {}

    /// The symbolic name of `errno`, e.g. `ENOENT`, or `errno N` for one not listed here.
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case E2BIG -> "E2BIG";
            case EFAULT -> "EFAULT";
            case EAGAIN -> "EAGAIN";
            case EEXIST -> "EEXIST";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case ENOTSUPP -> "ENOTSUPP";
            default -> "errno " + errno;
        };
    }
}
