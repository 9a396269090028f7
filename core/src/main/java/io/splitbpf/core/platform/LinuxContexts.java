package io.splitbpf.core.platform;

import java.util.List;

/// The context structures of Linux's program types (`include/uapi/linux/bpf.h`, x86-64 where the
/// layout depends on the architecture), with what each program type may write and which pointer
/// fields stay opaque. Offsets are the uapi ones, so that programs built against libbpf's headers
/// read the fields they mean.
///
/// `__bpf_md_ptr` fields are 8 bytes wide; the packet pointers of `__sk_buff` and `xdp_md` are
/// `__u32` fields that the program reads with 4-byte loads.
// Table: uapi context layouts.
public final class LinuxContexts {
    private LinuxContexts() {}

    private static ContextField u32(String name, int offset) {
        return new ContextField(name, offset, 4);
    }

    private static ContextField field(String name, int offset, int width) {
        return new ContextField(name, offset, width);
    }

    /// `__sk_buff`: `data` 76, `data_end` 80, `data_meta` 140 (only tc may read it, as in Linux);
    /// `flow_keys` (144) and `sk` (168) are pointers this platform does not model.
    private static ContextDescriptor skBuff(int meta) {
        return ContextDescriptor.packet("__sk_buff", 192, 76, 80, meta, 4)
                .withOpaque(List.of(field("flow_keys", 144, 8), field("sk", 168, 8)));
    }

    private static final ContextField SKB_CB = field("cb", 48, 20);

    /// `__sk_buff` for socket filters: only `cb[]` is writable.
    public static final ContextDescriptor SK_BUFF_SOCKET_FILTER = skBuff(-1).withWritable(List.of(SKB_CB));

    /// `__sk_buff` for tc (`sched_cls`, `sched_act`): mark, queue_mapping, priority, tc_index,
    /// cb[], tc_classid and tstamp are writable (`tc_cls_act_is_valid_access`).
    public static final ContextDescriptor SK_BUFF_TC = skBuff(140).withWritable(List.of(u32("mark", 8),
            u32("queue_mapping", 12), u32("priority", 32), u32("tc_index", 44), SKB_CB, u32("tc_classid", 72),
            field("tstamp", 152, 8)));

    /// `__sk_buff` for cgroup skb programs: mark, priority, cb[] and tstamp are writable.
    public static final ContextDescriptor SK_BUFF_CGROUP = skBuff(-1).withWritable(List.of(u32("mark", 8),
            u32("priority", 32), SKB_CB, field("tstamp", 152, 8)));

    /// `__sk_buff` for sk_skb programs: priority and tc_index are writable.
    public static final ContextDescriptor SK_BUFF_SK_SKB = skBuff(-1).withWritable(List.of(u32("priority", 32),
            u32("tc_index", 44)));

    /// `__sk_buff` for flow dissectors: read-only here (the flow keys it fills are opaque).
    public static final ContextDescriptor SK_BUFF_FLOW_DISSECTOR = skBuff(-1);

    /// `xdp_md`: `data` 0, `data_end` 4, `data_meta` 8; read-only.
    public static final ContextDescriptor XDP_MD = ContextDescriptor.packet("xdp_md", 24, 0, 4, 8, 4);

    /// `pt_regs` (x86-64, 21 registers of 8 bytes), read-only.
    public static final ContextDescriptor PT_REGS = ContextDescriptor.plain("pt_regs", 168);

    /// A tracepoint's raw record: its size depends on the tracepoint, so it is bounded at 2048
    /// bytes as PREVAIL does; read-only.
    public static final ContextDescriptor TRACEPOINT_RECORD = ContextDescriptor.plain("tracepoint", 2048);

    /// `bpf_perf_event_data`: the registers (x86-64 `pt_regs`), `sample_period` 168, `addr` 176;
    /// read-only.
    public static final ContextDescriptor PERF_EVENT_DATA = ContextDescriptor.plain("bpf_perf_event_data", 184);

    /// The arguments of a raw tracepoint or a traced function: at most 12 (`MAX_BPF_FUNC_ARGS`)
    /// `u64`s; read-only.
    public static final ContextDescriptor FUNCTION_ARGS = ContextDescriptor.plain("u64 args[12]", 96);

    /// `bpf_sock_addr`: the user address and port and the source address are writable; `sk`
    /// (64) is opaque.
    public static final ContextDescriptor SOCK_ADDR = ContextDescriptor.plain("bpf_sock_addr", 72)
            .withWritable(List.of(u32("user_ip4", 4), field("user_ip6", 8, 16), u32("user_port", 24),
                    u32("msg_src_ip4", 40), field("msg_src_ip6", 44, 16)))
            .withOpaque(List.of(field("sk", 64, 8)));

    /// `bpf_sock` (cgroup sock programs): bound_dev_if, mark and priority are writable.
    public static final ContextDescriptor SOCK = ContextDescriptor.plain("bpf_sock", 80)
            .withWritable(List.of(u32("bound_dev_if", 0), u32("mark", 16), u32("priority", 20)));

    /// `bpf_sock_ops`: `skb_data` 192 and `skb_data_end` 200 point into the packet; the reply
    /// (`reply`, `replylong[4]`) and `sk_txhash` are writable; `sk` (184) is opaque.
    public static final ContextDescriptor SOCK_OPS = ContextDescriptor.packet("bpf_sock_ops", 224, 192, 200, -1, 8)
            .withWritable(List.of(field("replylong", 4, 16), u32("sk_txhash", 164)))
            .withOpaque(List.of(field("sk", 184, 8)));

    /// `sk_msg_md`: `data` 0 and `data_end` 8; read-only; `sk` (72) is opaque.
    public static final ContextDescriptor SK_MSG_MD = ContextDescriptor.packet("sk_msg_md", 80, 0, 8, -1, 8)
            .withOpaque(List.of(field("sk", 72, 8)));

    /// `sk_reuseport_md`: `data` 0 and `data_end` 8; read-only; `sk` (40) and `migrating_sk`
    /// (48) are opaque.
    public static final ContextDescriptor SK_REUSEPORT_MD = ContextDescriptor.packet("sk_reuseport_md", 56, 0, 8, -1, 8)
            .withOpaque(List.of(field("sk", 40, 8), field("migrating_sk", 48, 8)));

    /// `bpf_sk_lookup`: read-only; `sk` (0) is opaque.
    public static final ContextDescriptor SK_LOOKUP = ContextDescriptor.plain("bpf_sk_lookup", 72)
            .withOpaque(List.of(field("sk", 0, 8)));

    /// `bpf_cgroup_dev_ctx`: access_type, major, minor; read-only.
    public static final ContextDescriptor CGROUP_DEV = ContextDescriptor.plain("bpf_cgroup_dev_ctx", 12);

    /// `bpf_sysctl`: `write` and the writable `file_pos`.
    public static final ContextDescriptor SYSCTL = ContextDescriptor.plain("bpf_sysctl", 8)
            .withWritable(List.of(u32("file_pos", 4)));

    /// `bpf_sockopt`: `optval` 8 and `optval_end` 16 bound the option buffer as packet pointers
    /// do; level, optname, optlen and retval are writable; `sk` (0) is opaque.
    public static final ContextDescriptor SOCKOPT = ContextDescriptor.packet("bpf_sockopt", 40, 8, 16, -1, 8)
            .withWritable(List.of(u32("level", 24), u32("optname", 28), u32("optlen", 32), u32("retval", 36)))
            .withOpaque(List.of(field("sk", 0, 8)));
}
