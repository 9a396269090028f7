package io.splitbpf.core.spec;

import java.util.Locale;
import java.util.Optional;

/// A program type, with Linux's numeric id (`enum bpf_prog_type`) and the name bpftool prints
/// (`prog_type_name[]`: the constant in lower case, e.g. `sched_cls`, `socket_filter`).
public enum ProgramType {
    UNSPEC(0),
    SOCKET_FILTER(1),
    KPROBE(2),
    SCHED_CLS(3),
    SCHED_ACT(4),
    TRACEPOINT(5),
    XDP(6),
    PERF_EVENT(7),
    CGROUP_SKB(8),
    CGROUP_SOCK(9),
    LWT_IN(10),
    LWT_OUT(11),
    LWT_XMIT(12),
    SOCK_OPS(13),
    SK_SKB(14),
    CGROUP_DEVICE(15),
    SK_MSG(16),
    RAW_TRACEPOINT(17),
    CGROUP_SOCK_ADDR(18),
    LWT_SEG6LOCAL(19),
    LIRC_MODE2(20),
    SK_REUSEPORT(21),
    FLOW_DISSECTOR(22),
    CGROUP_SYSCTL(23),
    RAW_TRACEPOINT_WRITABLE(24),
    CGROUP_SOCKOPT(25),
    TRACING(26),
    STRUCT_OPS(27),
    EXT(28),
    LSM(29),
    SK_LOOKUP(30),
    SYSCALL(31),
    NETFILTER(32);

    private final int id;

    ProgramType(int id) {
        this.id = id;
    }

    /// Linux's numeric id.
    public int id() {
        return id;
    }

    /// bpftool's name for the type (`sched_cls`, `xdp`, ...).
    public String bpftoolName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /// The type with Linux id `id`.
    public static Optional<ProgramType> ofId(int id) {
        for (ProgramType t : values()) {
            if (t.id == id) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /// The type bpftool calls `name`.
    public static Optional<ProgramType> ofBpftoolName(String name) {
        for (ProgramType t : values()) {
            if (t.bpftoolName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
