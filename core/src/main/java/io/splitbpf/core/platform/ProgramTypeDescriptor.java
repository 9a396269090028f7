package io.splitbpf.core.platform;

import io.splitbpf.core.spec.ProgramType;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/// What a program type offers and requires, read by both the verifier and the host: its
/// context layout, the helpers it may call, the range r0 must lie in at exit, and whether it
/// is privileged (may leak pointers, as kprobes may).
///
/// @param name a short name, e.g. `xdp`
/// @param type the Linux program type
/// @param context the context layout
/// @param helpers the ids of the helpers it may call, sorted
/// @param returnLow the least allowed return value
/// @param returnHigh the greatest allowed return value
/// @param privileged whether pointer-leak checks are waived
public record ProgramTypeDescriptor(String name, ProgramType type, ContextDescriptor context, SortedSet<Integer> helpers,
                                    long returnLow, long returnHigh, boolean privileged) {
    public ProgramTypeDescriptor {
        helpers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(helpers));
        if (returnLow > returnHigh) {
            throw new IllegalArgumentException("empty return range [" + returnLow + ", " + returnHigh + "]");
        }
    }

    // Table: helper ids by program family (see HelperPrototype for their contracts).
    private static final List<Integer> BASE = List.of(1, 2, 3, 5, 6, 7, 8, 12, 130);
    private static final List<Integer> XDP_HELPERS = List.of(23, 25, 44, 51, 54, 65);
    private static final List<Integer> SKB_HELPERS = List.of(9, 23, 25, 26);
    private static final List<Integer> TRACE_HELPERS = List.of(4, 14, 15, 16, 25, 112, 113);

    private static SortedSet<Integer> helpers(List<Integer> extra) {
        SortedSet<Integer> s = new TreeSet<>(BASE);
        s.addAll(extra);
        return s;
    }

    private static ContextField u32(String name, int offset) {
        return new ContextField(name, offset, 4);
    }

    /// `xdp_md`: data 0, data_end 4, data_meta 8; read-only; returns an XDP action (0–4).
    public static final ProgramTypeDescriptor XDP = new ProgramTypeDescriptor("xdp", ProgramType.XDP,
            ContextDescriptor.packet("xdp_md", 24, 0, 4, 8, List.of()), helpers(XDP_HELPERS), 0, 4, false);

    /// `__sk_buff` for socket filters: only `cb[]` is writable; returns how many bytes to keep.
    public static final ProgramTypeDescriptor SOCKET_FILTER = new ProgramTypeDescriptor("socket_filter",
            ProgramType.SOCKET_FILTER, ContextDescriptor.packet("__sk_buff", 192, 76, 80, -1,
                    List.of(new ContextField("cb", 48, 20))), helpers(SKB_HELPERS), Integer.MIN_VALUE, Integer.MAX_VALUE, false);

    /// `__sk_buff` for tc classifiers: mark, priority, tc_index, cb[] and tc_classid writable.
    public static final ProgramTypeDescriptor SCHED_CLS = new ProgramTypeDescriptor("sched_cls", ProgramType.SCHED_CLS,
            ContextDescriptor.packet("__sk_buff", 192, 76, 80, 140, List.of(u32("mark", 8), u32("priority", 32),
                    u32("tc_index", 44), new ContextField("cb", 48, 20), u32("tc_classid", 72))),
            helpers(SKB_HELPERS), Integer.MIN_VALUE, Integer.MAX_VALUE, false);

    /// `pt_regs` (x86-64 layout, 168 bytes), read-only; privileged.
    public static final ProgramTypeDescriptor KPROBE = new ProgramTypeDescriptor("kprobe", ProgramType.KPROBE,
            ContextDescriptor.plain("pt_regs", 168, List.of()), helpers(TRACE_HELPERS), Long.MIN_VALUE, Long.MAX_VALUE, true);

    /// A raw tracepoint record (bounded at 2048 bytes, as PREVAIL does), read-only; privileged.
    public static final ProgramTypeDescriptor TRACEPOINT = new ProgramTypeDescriptor("tracepoint", ProgramType.TRACEPOINT,
            ContextDescriptor.plain("tracepoint", 2048, List.of()), helpers(TRACE_HELPERS), Long.MIN_VALUE, Long.MAX_VALUE, true);

    /// `bpf_sock_addr`: the user address and port and the source address are writable; returns
    /// 1 (allow) or 0 (deny).
    public static final ProgramTypeDescriptor CGROUP_SOCK_ADDR = new ProgramTypeDescriptor("cgroup_sock_addr",
            ProgramType.CGROUP_SOCK_ADDR, ContextDescriptor.plain("bpf_sock_addr", 72, List.of(u32("user_ip4", 4),
                    new ContextField("user_ip6", 8, 16), u32("user_port", 24), u32("msg_src_ip4", 40),
                    new ContextField("msg_src_ip6", 44, 16))), helpers(List.of()), 0, 1, false);

    /// The context PREVAIL's YAML test runner uses (`{64, 0, 4, -1}`): `data` at 0 and
    /// `data_end` at 4 of a 64-byte context, no `data_meta`; every described helper, any
    /// return value, unprivileged.
    public static final ProgramTypeDescriptor PREVAIL_TEST = new ProgramTypeDescriptor("prevail_test", ProgramType.UNSPEC,
            ContextDescriptor.packet("test_ctx", 64, 0, 4, -1, List.of()),
            new TreeSet<>(HelperPrototype.all().keySet()), Long.MIN_VALUE, Long.MAX_VALUE, false);

    /// Every descriptor, in declaration order.
    public static final List<ProgramTypeDescriptor> ALL = List.of(XDP, SOCKET_FILTER, SCHED_CLS, KPROBE, TRACEPOINT,
            CGROUP_SOCK_ADDR, PREVAIL_TEST);

    /// The descriptor of a Linux program type, when this platform describes it.
    public static Optional<ProgramTypeDescriptor> of(ProgramType type) {
        return ALL.stream().filter(d -> d.type == type && d != PREVAIL_TEST).findFirst();
    }

    /// Whether this type may call helper `id`.
    public boolean allows(int helperId) {
        return helpers.contains(helperId);
    }
}
