package io.splitbpf.core.platform;

import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.ProgramType;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/// What a program type offers and requires, read by both the verifier and the host: its
/// context layout, the helpers it may call, the range r0 must lie in at exit, and whether it
/// is privileged (may leak pointers, as tracing programs may).
///
/// The return range is the one Linux's verifier enforces (`check_return_code`): cgroup and
/// socket-policy types must return an allow/deny code, fentry/fexit 0; types whose return value
/// the kernel interprets at run time (XDP actions, tc verdicts, a socket filter's length) accept
/// any number, and the hook treats a value it does not know as Linux does (XDP: abort, tc:
/// the default action).
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

    // Table: helper ids by family, after Linux's `*_func_proto` of each program type (see
    // HelperPrototype for their contracts). Only helpers with a prototype appear.
    /// `bpf_base_func_proto`: maps, time, random numbers, tail calls, ring buffers, printk.
    private static final List<Integer> BASE = List.of(1, 2, 3, 5, 6, 7, 8, 12, 42, 125, 130, 131, 132, 133, 134, 160,
            177);
    /// Tracing programs (`bpf_tracing_func_proto`): probe reads, the current task, stacks, perf.
    private static final List<Integer> TRACING_FAMILY = List.of(4, 14, 15, 16, 22, 25, 27, 35, 36, 37, 45, 55, 80,
            109, 112, 113, 114, 115, 117, 118, 123);
    /// Every `__sk_buff` type (`sk_filter_func_proto`): loading bytes, socket cookie and uid.
    private static final List<Integer> SKB_BASE = List.of(25, 26, 46, 47, 68);
    /// tc (`tc_cls_act_func_proto`): storing bytes, checksums, redirects, tunnels, VLANs,
    /// resizing the packet.
    private static final List<Integer> TC_FAMILY = List.of(9, 10, 11, 13, 17, 18, 19, 20, 21, 23, 24, 28, 29, 30, 31,
            32, 33, 34, 38, 39, 40, 41, 43, 48, 50, 66, 69, 79, 83, 97, 135, 151, 155, 192);
    /// XDP (`xdp_func_proto`).
    private static final List<Integer> XDP_FAMILY = List.of(23, 25, 28, 44, 51, 54, 65, 69, 188, 189, 190);
    /// cgroup skb programs (`cg_skb_func_proto`).
    private static final List<Integer> CGROUP_SKB_FAMILY = List.of(79, 83, 97);
    /// sk_skb programs (`sk_skb_func_proto`).
    private static final List<Integer> SK_SKB_FAMILY = List.of(9, 38, 39, 43, 50, 52, 72);
    /// sk_msg programs (`sk_msg_func_proto`).
    private static final List<Integer> SK_MSG_FAMILY = List.of(46, 60, 61, 62, 63, 71, 90, 91);
    /// sock_ops programs (`sock_ops_func_proto`).
    private static final List<Integer> SOCK_OPS_FAMILY = List.of(25, 46, 49, 53, 57, 59, 70);
    /// Programs run for the current task's socket (`sock_filter_func_proto`,
    /// `sock_addr_func_proto`): the task's ids and cgroup.
    private static final List<Integer> CURRENT_TASK = List.of(14, 15, 16, 46, 80, 123);

    @SafeVarargs
    private static SortedSet<Integer> helpers(List<Integer>... families) {
        SortedSet<Integer> s = new TreeSet<>(BASE);
        for (List<Integer> f : families) {
            s.addAll(f);
        }
        return s;
    }

    private static ProgramTypeDescriptor network(String name, ProgramType type, ContextDescriptor context,
                                                 SortedSet<Integer> helpers) {
        return new ProgramTypeDescriptor(name, type, context, helpers, Long.MIN_VALUE, Long.MAX_VALUE, false);
    }

    private static ProgramTypeDescriptor allowDeny(String name, ProgramType type, ContextDescriptor context,
                                                   SortedSet<Integer> helpers) {
        return new ProgramTypeDescriptor(name, type, context, helpers, 0, 1, false);
    }

    private static ProgramTypeDescriptor tracing(String name, ProgramType type, ContextDescriptor context,
                                                 List<Integer> extra) {
        return new ProgramTypeDescriptor(name, type, context, helpers(TRACING_FAMILY, extra), Long.MIN_VALUE,
                Long.MAX_VALUE, true);
    }

    /// `xdp_md`; returns an XDP action (not checked: an unknown action aborts).
    public static final ProgramTypeDescriptor XDP = network("xdp", ProgramType.XDP, LinuxContexts.XDP_MD,
            helpers(XDP_FAMILY));

    /// `__sk_buff` for socket filters: only `cb[]` is writable; returns how many bytes to keep.
    public static final ProgramTypeDescriptor SOCKET_FILTER = network("socket_filter", ProgramType.SOCKET_FILTER,
            LinuxContexts.SK_BUFF_SOCKET_FILTER, helpers(SKB_BASE));

    /// `__sk_buff` for tc classifiers: mark, priority, tc_index, cb[] and more are writable.
    public static final ProgramTypeDescriptor SCHED_CLS = network("sched_cls", ProgramType.SCHED_CLS,
            LinuxContexts.SK_BUFF_TC, helpers(SKB_BASE, TC_FAMILY));

    /// `__sk_buff` for tc actions, as for classifiers.
    public static final ProgramTypeDescriptor SCHED_ACT = network("sched_act", ProgramType.SCHED_ACT,
            LinuxContexts.SK_BUFF_TC, helpers(SKB_BASE, TC_FAMILY));

    /// `__sk_buff` for cgroup skb programs; returns 1 (allow) or 0 (drop), egress also 2 or 3
    /// (with congestion notification).
    public static final ProgramTypeDescriptor CGROUP_SKB = allowDeny("cgroup_skb", ProgramType.CGROUP_SKB,
            LinuxContexts.SK_BUFF_CGROUP, helpers(SKB_BASE, CGROUP_SKB_FAMILY));

    /// `__sk_buff` for sk_skb programs (stream parser and verdict).
    public static final ProgramTypeDescriptor SK_SKB = network("sk_skb", ProgramType.SK_SKB,
            LinuxContexts.SK_BUFF_SK_SKB, helpers(SKB_BASE, SK_SKB_FAMILY));

    /// `__sk_buff` for flow dissectors.
    public static final ProgramTypeDescriptor FLOW_DISSECTOR = network("flow_dissector", ProgramType.FLOW_DISSECTOR,
            LinuxContexts.SK_BUFF_FLOW_DISSECTOR, helpers(List.of(26)));

    /// `sk_msg_md` for sk_msg programs.
    public static final ProgramTypeDescriptor SK_MSG = network("sk_msg", ProgramType.SK_MSG, LinuxContexts.SK_MSG_MD,
            helpers(SK_MSG_FAMILY));

    /// `bpf_sock_ops`; returns 1 (ok) or 0.
    public static final ProgramTypeDescriptor SOCK_OPS = allowDeny("sock_ops", ProgramType.SOCK_OPS,
            LinuxContexts.SOCK_OPS, helpers(SOCK_OPS_FAMILY));

    /// `bpf_sock` for cgroup sock programs; returns 1 (allow) or 0 (deny).
    public static final ProgramTypeDescriptor CGROUP_SOCK = allowDeny("cgroup_sock", ProgramType.CGROUP_SOCK,
            LinuxContexts.SOCK, helpers(CURRENT_TASK));

    /// `bpf_sock_addr`: the user address and port and the source address are writable; returns
    /// 1 (allow) or 0 (deny).
    public static final ProgramTypeDescriptor CGROUP_SOCK_ADDR = allowDeny("cgroup_sock_addr",
            ProgramType.CGROUP_SOCK_ADDR, LinuxContexts.SOCK_ADDR, helpers(CURRENT_TASK, List.of(64)));

    /// `bpf_cgroup_dev_ctx`; returns 1 (allow) or 0 (deny).
    public static final ProgramTypeDescriptor CGROUP_DEVICE = allowDeny("cgroup_device", ProgramType.CGROUP_DEVICE,
            LinuxContexts.CGROUP_DEV, helpers(List.of(15, 80)));

    /// `bpf_sysctl`; returns 1 (allow) or 0 (deny).
    public static final ProgramTypeDescriptor CGROUP_SYSCTL = allowDeny("cgroup_sysctl", ProgramType.CGROUP_SYSCTL,
            LinuxContexts.SYSCTL, helpers(List.of(15, 80)));

    /// `bpf_sockopt`; returns 1 (allow) or 0 (deny).
    public static final ProgramTypeDescriptor CGROUP_SOCKOPT = allowDeny("cgroup_sockopt", ProgramType.CGROUP_SOCKOPT,
            LinuxContexts.SOCKOPT, helpers(List.of(15, 80)));

    /// `bpf_sk_lookup`; returns SK_PASS (1) or SK_DROP (0).
    public static final ProgramTypeDescriptor SK_LOOKUP = allowDeny("sk_lookup", ProgramType.SK_LOOKUP,
            LinuxContexts.SK_LOOKUP, helpers(List.of(25)));

    /// `sk_reuseport_md`; returns SK_PASS (1) or SK_DROP (0).
    public static final ProgramTypeDescriptor SK_REUSEPORT = allowDeny("sk_reuseport", ProgramType.SK_REUSEPORT,
            LinuxContexts.SK_REUSEPORT_MD, helpers(List.of(26, 68, 82)));

    /// `pt_regs` (x86-64 layout, 168 bytes), read-only; privileged.
    public static final ProgramTypeDescriptor KPROBE = tracing("kprobe", ProgramType.KPROBE, LinuxContexts.PT_REGS,
            List.of(58, 173, 174));

    /// A tracepoint record (bounded at 2048 bytes, as PREVAIL does), read-only; privileged.
    public static final ProgramTypeDescriptor TRACEPOINT = tracing("tracepoint", ProgramType.TRACEPOINT,
            LinuxContexts.TRACEPOINT_RECORD, List.of());

    /// `bpf_perf_event_data`, read-only; privileged.
    public static final ProgramTypeDescriptor PERF_EVENT = tracing("perf_event", ProgramType.PERF_EVENT,
            LinuxContexts.PERF_EVENT_DATA, List.of(56));

    /// `bpf_raw_tracepoint_args` (at most 12 `u64` arguments), read-only; privileged.
    public static final ProgramTypeDescriptor RAW_TRACEPOINT = tracing("raw_tracepoint", ProgramType.RAW_TRACEPOINT,
            LinuxContexts.FUNCTION_ARGS, List.of());

    /// fentry, fexit, fmod_ret, tp_btf and iterators: the traced function's arguments as `u64`s
    /// (their BTF types are not modelled, so pointer arguments read as numbers); privileged.
    /// Returns 0, as fentry and fexit must ([#forAttach] widens it for the other attach types).
    public static final ProgramTypeDescriptor TRACING = new ProgramTypeDescriptor("tracing", ProgramType.TRACING,
            LinuxContexts.FUNCTION_ARGS, helpers(TRACING_FAMILY, List.of(173, 174)), 0, 0, true);

    /// LSM hooks: the hook's arguments as `u64`s; privileged; returns 0 or a negative errno.
    public static final ProgramTypeDescriptor LSM = new ProgramTypeDescriptor("lsm", ProgramType.LSM,
            LinuxContexts.FUNCTION_ARGS, helpers(TRACING_FAMILY), -4095, 0, true);

    /// The context PREVAIL's YAML test runner uses (`{64, 0, 4, -1}`): `data` at 0 and
    /// `data_end` at 4 of a 64-byte context, no `data_meta`; every described helper, any
    /// return value, unprivileged.
    public static final ProgramTypeDescriptor PREVAIL_TEST = new ProgramTypeDescriptor("prevail_test", ProgramType.UNSPEC,
            ContextDescriptor.packet("test_ctx", 64, 0, 4, -1, 4),
            new TreeSet<>(HelperPrototype.all().keySet()), Long.MIN_VALUE, Long.MAX_VALUE, false);

    /// Every descriptor, in declaration order.
    public static final List<ProgramTypeDescriptor> ALL = List.of(XDP, SOCKET_FILTER, SCHED_CLS, SCHED_ACT, CGROUP_SKB,
            SK_SKB, FLOW_DISSECTOR, SK_MSG, SOCK_OPS, CGROUP_SOCK, CGROUP_SOCK_ADDR, CGROUP_DEVICE, CGROUP_SYSCTL,
            CGROUP_SOCKOPT, SK_LOOKUP, SK_REUSEPORT, KPROBE, TRACEPOINT, PERF_EVENT, RAW_TRACEPOINT, TRACING, LSM,
            PREVAIL_TEST);

    /// The descriptor of a Linux program type, when this platform describes it.
    public static Optional<ProgramTypeDescriptor> of(ProgramType type) {
        return ALL.stream().filter(d -> d.type == type && d != PREVAIL_TEST).findFirst();
    }

    /// The descriptor of a program type attached as `attach`: the type's, with the return range
    /// Linux enforces for that attach type where it differs.
    public static Optional<ProgramTypeDescriptor> of(ProgramType type, Optional<AttachType> attach) {
        return of(type).map(d -> attach.map(d::forAttach).orElse(d));
    }

    /// This descriptor for programs attached as `attach` (Linux's `check_return_code`); attach
    /// types that do not belong to this program type change nothing.
    public ProgramTypeDescriptor forAttach(AttachType attach) {
        return switch (type) {
            case CGROUP_SKB -> attach == AttachType.CGROUP_INET_EGRESS ? withReturnRange(0, 3) : this;
            case CGROUP_SOCK_ADDR -> switch (attach) {
                case CGROUP_INET4_BIND, CGROUP_INET6_BIND -> withReturnRange(0, 3);
                case CGROUP_UDP4_RECVMSG, CGROUP_UDP6_RECVMSG, CGROUP_UNIX_RECVMSG, CGROUP_INET4_GETPEERNAME,
                     CGROUP_INET6_GETPEERNAME, CGROUP_UNIX_GETPEERNAME, CGROUP_INET4_GETSOCKNAME,
                     CGROUP_INET6_GETSOCKNAME, CGROUP_UNIX_GETSOCKNAME -> withReturnRange(1, 1);
                default -> this;
            };
            case TRACING -> switch (attach) {
                case MODIFY_RETURN, TRACE_RAW_TP -> withReturnRange(Long.MIN_VALUE, Long.MAX_VALUE);
                case TRACE_ITER -> withReturnRange(0, 1);
                default -> this;
            };
            default -> this;
        };
    }

    private ProgramTypeDescriptor withReturnRange(long low, long high) {
        return new ProgramTypeDescriptor(name, type, context, helpers, low, high, privileged);
    }

    /// Whether this type may call helper `id`.
    public boolean allows(int helperId) {
        return helpers.contains(helperId);
    }
}
