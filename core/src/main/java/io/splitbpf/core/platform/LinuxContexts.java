package io.splitbpf.core.platform;

import static io.splitbpf.core.platform.ContextAccess.ANY;
import static io.splitbpf.core.platform.ContextAccess.NARROW;
import static io.splitbpf.core.platform.ContextAccess.NARROW_AT_START;
import static io.splitbpf.core.platform.ContextAccess.NARROW_FROM_2;
import static io.splitbpf.core.platform.ContextAccess.NONE;
import static io.splitbpf.core.platform.ContextAccess.U32;
import static io.splitbpf.core.platform.ContextAccess.U32_OR_U64;
import static io.splitbpf.core.platform.ContextAccess.U64;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/// The context structures of Linux's program types (`include/uapi/linux/bpf.h`, x86-64 where the
/// layout depends on the architecture), with the widths at which each program type may read and
/// write each field (the program type's `*_is_valid_access` in `net/core/filter.c`,
/// `kernel/trace/bpf_trace.c` and `kernel/bpf/cgroup.c`) and which pointer fields stay opaque.
/// Offsets are the uapi ones, so that programs built against libbpf's headers read the fields
/// they mean.
///
/// `__bpf_md_ptr` fields are 8 bytes wide; the packet pointers of `__sk_buff` and `xdp_md` are
/// `__u32` fields that the program reads with 4-byte loads.
///
/// Rules that depend on the attach type (`xdp_md.egress_ifindex` for devmap programs only,
/// `bpf_sock_addr`'s IPv4 or IPv6 fields, `bpf_sock`'s post-bind fields, `bpf_sockopt`'s
/// get/set fields) are not modelled: the widths are the same for every attach type.
// Table: uapi context layouts and access widths.
public final class LinuxContexts {
    private LinuxContexts() {}

    /// A `__u32` field read with 1, 2 or 4 bytes (`bpf_ctx_narrow_access_ok`).
    private static ContextField narrow(String name, int offset) {
        return new ContextField(name, offset, 4, NARROW, NONE);
    }

    /// A `__u32` field read with exactly 4 bytes.
    private static ContextField word(String name, int offset) {
        return new ContextField(name, offset, 4, U32, NONE);
    }

    /// A `__u64` or `__bpf_md_ptr` field read with exactly 8 bytes.
    private static ContextField u64(String name, int offset) {
        return new ContextField(name, offset, 8, U64, NONE);
    }

    private static ContextField field(String name, int offset, int width, ContextAccess read) {
        return new ContextField(name, offset, width, read, NONE);
    }

    // ---- __sk_buff (bpf_skb_is_valid_access, then each type's own function) ----

    /// `__sk_buff` as `bpf_skb_is_valid_access` allows it: `cb[]` at any aligned width inside it,
    /// the packet pointers and socket addresses exactly 4 bytes, the timestamps exactly 8, every
    /// other field narrow. `tstamp_type` is tc's only (1 byte); the padding after it, `flow_keys`
    /// and `sk` are refused.
    private static final List<ContextField> SKB = List.of(narrow("len", 0), narrow("pkt_type", 4),
            narrow("mark", 8), narrow("queue_mapping", 12), narrow("protocol", 16), narrow("vlan_present", 20),
            narrow("vlan_tci", 24), narrow("vlan_proto", 28), narrow("priority", 32), narrow("ingress_ifindex", 36),
            narrow("ifindex", 40), narrow("tc_index", 44), field("cb", 48, 20, ANY), narrow("hash", 68),
            narrow("tc_classid", 72), word("data", 76), word("data_end", 80), narrow("napi_id", 84),
            narrow("family", 88), word("remote_ip4", 92), word("local_ip4", 96), field("remote_ip6", 100, 16, U32),
            field("local_ip6", 116, 16, U32), narrow("remote_port", 132), narrow("local_port", 136),
            word("data_meta", 140), u64("tstamp", 152), narrow("wire_len", 160), narrow("gso_segs", 164),
            narrow("gso_size", 176), field("tstamp_type", 180, 1, NONE), u64("hwtstamp", 184));

    /// The socket fields only sk_skb and cgroup skb programs may read (`family` to `local_port`).
    private static final Set<String> SKB_SOCKET = Set.of("family", "remote_ip4", "local_ip4", "remote_ip6",
            "local_ip6", "remote_port", "local_port");

    /// `__sk_buff` for one program type: `unreadable` fields refused, `writable` ones written
    /// with 4 bytes (`cb[]` at any aligned width, `tstamp` with 8), `tstamp_type` read as tc does
    /// when `tc`.
    private static ContextDescriptor skBuff(int meta, Set<String> unreadable, Set<String> writable, boolean tc) {
        List<ContextField> table = SKB.stream()
                .map(f -> unreadable.contains(f.name()) ? f.readAs(NONE) : f)
                .map(f -> tc && f.name().equals("tstamp_type") ? f.readAs(NARROW) : f)
                .map(f -> writable.contains(f.name()) ? f.writable(f.width() == 4 ? U32 : f.read()) : f)
                .toList();
        return ContextDescriptor.packet("__sk_buff", 192, 76, 80, meta, 4).withFields(table)
                .withOpaque(List.of(new ContextField("flow_keys", 144, 8), new ContextField("sk", 168, 8)));
    }

    private static Set<String> union(Set<String> a, String... b) {
        return Set.copyOf(Stream.concat(a.stream(), Stream.of(b)).toList());
    }

    /// `__sk_buff` for socket filters (`sk_filter_is_valid_access`): no packet pointers, socket
    /// fields or timestamps; only `cb[]` is writable.
    public static final ContextDescriptor SK_BUFF_SOCKET_FILTER = skBuff(-1, union(SKB_SOCKET, "tc_classid", "data",
            "data_meta", "data_end", "tstamp", "wire_len", "hwtstamp"), Set.of("cb"), false);

    /// `__sk_buff` for tc (`sched_cls`, `sched_act`; `tc_cls_act_is_valid_access`): no socket
    /// fields; mark, queue_mapping, priority, tc_index, cb[], tc_classid and tstamp are writable.
    public static final ContextDescriptor SK_BUFF_TC = skBuff(140, SKB_SOCKET, Set.of("mark", "queue_mapping",
            "priority", "tc_index", "cb", "tc_classid", "tstamp"), true);

    /// `__sk_buff` for cgroup skb programs (`cg_skb_is_valid_access`): no tc_classid, data_meta
    /// or wire_len; mark, priority, cb[] and tstamp are writable.
    public static final ContextDescriptor SK_BUFF_CGROUP = skBuff(-1, Set.of("tc_classid", "data_meta", "wire_len"),
            Set.of("mark", "priority", "cb", "tstamp"), false);

    /// `__sk_buff` for sk_skb programs (`sk_skb_is_valid_access`): no tc_classid, data_meta,
    /// timestamps, wire_len or mark; priority and tc_index are writable.
    public static final ContextDescriptor SK_BUFF_SK_SKB = skBuff(-1, Set.of("tc_classid", "data_meta", "tstamp",
            "wire_len", "hwtstamp", "mark"), Set.of("priority", "tc_index"), false);

    /// `__sk_buff` for flow dissectors (`flow_dissector_is_valid_access`): only `data` and
    /// `data_end`, read-only (the flow keys it fills are opaque here).
    public static final ContextDescriptor SK_BUFF_FLOW_DISSECTOR = skBuff(-1, Set.copyOf(SKB.stream()
            .map(ContextField::name).filter(n -> !n.equals("data") && !n.equals("data_end")).toList()), Set.of(), false);

    // ---- the other network contexts ----

    /// `xdp_md` (`xdp_is_valid_access`): every field exactly 4 bytes; read-only.
    public static final ContextDescriptor XDP_MD = ContextDescriptor.packet("xdp_md", 24, 0, 4, 8, 4)
            .withFields(List.of(word("data", 0), word("data_end", 4), word("data_meta", 8), word("ingress_ifindex", 12),
                    word("rx_queue_index", 16), word("egress_ifindex", 20)));

    /// `bpf_sock_addr` (`sock_addr_is_valid_access`): the addresses and port read narrow (the
    /// IPv6 ones also 8 bytes at a time) and written with 4 bytes (IPv6 also 8); family, type and
    /// protocol read with 4 bytes; `sk` (64) is opaque.
    public static final ContextDescriptor SOCK_ADDR = ContextDescriptor.plain("bpf_sock_addr", 72)
            .withFields(List.of(word("user_family", 0), narrow("user_ip4", 4).writable(U32),
                    field("user_ip6", 8, 16, ANY).writable(U32_OR_U64), narrow("user_port", 24).writable(U32),
                    word("family", 28), word("type", 32), word("protocol", 36), narrow("msg_src_ip4", 40).writable(U32),
                    field("msg_src_ip6", 44, 16, ANY).writable(U32_OR_U64)))
            .withOpaque(List.of(new ContextField("sk", 64, 8)));

    /// `bpf_sock` (cgroup sock programs; `bpf_sock_is_valid_access`): bound_dev_if, mark and
    /// priority read and written with 4 bytes; the others narrow (at their start, where Linux
    /// matches `offsetof`); `dst_port` 1 or 2 bytes, or 4 with the padding after it.
    public static final ContextDescriptor SOCK = ContextDescriptor.plain("bpf_sock", 80)
            .withFields(List.of(word("bound_dev_if", 0).writable(U32), field("family", 4, 4, NARROW_AT_START),
                    field("type", 8, 4, NARROW_AT_START), field("protocol", 12, 4, NARROW_AT_START),
                    word("mark", 16).writable(U32), word("priority", 20).writable(U32), narrow("src_ip4", 24),
                    field("src_ip6", 28, 16, NARROW), field("src_port", 44, 4, NARROW_AT_START),
                    field("dst_port", 48, 2, NARROW), word("dst_port", 48), narrow("dst_ip4", 52),
                    field("dst_ip6", 56, 16, NARROW), field("state", 72, 4, NARROW_AT_START),
                    field("rx_queue_mapping", 76, 4, NARROW_AT_START)));

    /// The `__u32` fields of `bpf_sock_ops` from `remote_port` (64) to `sk_txhash` (164).
    private static final List<String> SOCK_OPS_WORDS = List.of("remote_port", "local_port", "is_fullsock", "snd_cwnd",
            "srtt_us", "bpf_sock_ops_cb_flags", "state", "rtt_min", "snd_ssthresh", "rcv_nxt", "snd_nxt", "snd_una",
            "mss_cache", "ecn_flags", "rate_delivered", "rate_interval_us", "packets_out", "retrans_out",
            "total_retrans", "segs_in", "data_segs_in", "segs_out", "data_segs_out", "lost_out", "sacked_out",
            "sk_txhash");

    private static List<ContextField> sockOpsFields() {
        List<ContextField> head = List.of(word("op", 0), field("args", 4, 16, U32),
                new ContextField("reply", 4, 4, NONE, U32), word("family", 20), word("remote_ip4", 24),
                word("local_ip4", 28), field("remote_ip6", 32, 16, U32), field("local_ip6", 48, 16, U32));
        Stream<ContextField> words = SOCK_OPS_WORDS.stream().map(n -> {
            ContextField f = word(n, 64 + 4 * SOCK_OPS_WORDS.indexOf(n));
            return n.equals("sk_txhash") ? f.writable(U32) : f;
        });
        List<ContextField> tail = List.of(u64("bytes_received", 168), u64("bytes_acked", 176), u64("skb_data", 192),
                u64("skb_data_end", 200), word("skb_len", 208), field("skb_tcp_flags", 212, 4, NARROW_AT_START), u64("skb_hwtstamp", 216));
        return Stream.of(head.stream(), words, tail.stream()).flatMap(s -> s).toList();
    }

    /// `bpf_sock_ops` (`sock_ops_is_valid_access`): `skb_data` 192 and `skb_data_end` 200 point
    /// into the packet; every `__u32` read with exactly 4 bytes (`skb_tcp_flags` narrow at its start), the
    /// `__u64`s with 8; only `reply` (4) and `sk_txhash` are writable, with 4 bytes; `sk` (184) is
    /// opaque.
    public static final ContextDescriptor SOCK_OPS = ContextDescriptor.packet("bpf_sock_ops", 224, 192, 200, -1, 8)
            .withFields(sockOpsFields()).withOpaque(List.of(new ContextField("sk", 184, 8)));

    /// `sk_msg_md` (`sk_msg_is_valid_access`): `data` 0 and `data_end` 8; every other field
    /// exactly 4 bytes; read-only; `sk` (72) is opaque.
    public static final ContextDescriptor SK_MSG_MD = ContextDescriptor.packet("sk_msg_md", 80, 0, 8, -1, 8)
            .withFields(List.of(u64("data", 0), u64("data_end", 8), word("family", 16), word("remote_ip4", 20),
                    word("local_ip4", 24), field("remote_ip6", 28, 16, U32), field("local_ip6", 44, 16, U32),
                    word("remote_port", 60), word("local_port", 64), word("size", 68)))
            .withOpaque(List.of(new ContextField("sk", 72, 8)));

    /// `sk_reuseport_md` (`sk_reuseport_is_valid_access`): `data` 0 and `data_end` 8; hash
    /// exactly 4 bytes, eth_protocol 2 or 4, the others narrow; read-only; `sk` (40) and
    /// `migrating_sk` (48) are opaque.
    public static final ContextDescriptor SK_REUSEPORT_MD = ContextDescriptor.packet("sk_reuseport_md", 56, 0, 8, -1, 8)
            .withFields(List.of(u64("data", 0), u64("data_end", 8), narrow("len", 16),
                    field("eth_protocol", 20, 4, NARROW_FROM_2), narrow("ip_protocol", 24), narrow("bind_inany", 28),
                    word("hash", 32)))
            .withOpaque(List.of(new ContextField("sk", 40, 8), new ContextField("migrating_sk", 48, 8)));

    /// `bpf_sk_lookup` (`sk_lookup_is_valid_access`): every field narrow (`remote_port` with the
    /// zero padding after it); read-only; `sk` (0) is opaque.
    public static final ContextDescriptor SK_LOOKUP = ContextDescriptor.plain("bpf_sk_lookup", 72)
            .withFields(List.of(narrow("family", 8), narrow("protocol", 12), narrow("remote_ip4", 16),
                    field("remote_ip6", 20, 16, NARROW), field("remote_port", 36, 4, NARROW), narrow("local_ip4", 40),
                    field("local_ip6", 44, 16, NARROW), narrow("local_port", 60), narrow("ingress_ifindex", 64)))
            .withOpaque(List.of(new ContextField("sk", 0, 8)));

    // ---- cgroup contexts (kernel/bpf/cgroup.c) ----

    /// `bpf_cgroup_dev_ctx` (`cgroup_dev_is_valid_access`): access_type narrow, major and minor
    /// exactly 4 bytes; read-only.
    public static final ContextDescriptor CGROUP_DEV = ContextDescriptor.plain("bpf_cgroup_dev_ctx", 12)
            .withFields(List.of(narrow("access_type", 0), word("major", 4), word("minor", 8)));

    /// `bpf_sysctl` (`sysctl_is_valid_access`): `write` and `file_pos` read narrow; `file_pos`
    /// written with 4 bytes.
    public static final ContextDescriptor SYSCTL = ContextDescriptor.plain("bpf_sysctl", 8)
            .withFields(List.of(narrow("write", 0), narrow("file_pos", 4).writable(U32)));

    /// `bpf_sockopt` (`cg_sockopt_is_valid_access`): `optval` 8 and `optval_end` 16 bound the
    /// option buffer as packet pointers do; level, optname, optlen and retval read and written
    /// with exactly 4 bytes; `sk` (0) is opaque.
    public static final ContextDescriptor SOCKOPT = ContextDescriptor.packet("bpf_sockopt", 40, 8, 16, -1, 8)
            .withFields(List.of(u64("optval", 8), u64("optval_end", 16), word("level", 24).writable(U32),
                    word("optname", 28).writable(U32), word("optlen", 32).writable(U32), word("retval", 36).writable(U32)))
            .withOpaque(List.of(new ContextField("sk", 0, 8)));

    // ---- tracing contexts (kernel/trace/bpf_trace.c): read-only ----

    /// `pt_regs` (x86-64, 21 registers of 8 bytes; `kprobe_prog_is_valid_access`): any aligned
    /// read.
    public static final ContextDescriptor PT_REGS = ContextDescriptor.plain("pt_regs", 168)
            .withFields(List.of(field("regs", 0, 168, ANY)));

    /// A tracepoint's raw record (`tp_prog_is_valid_access`): its size depends on the tracepoint,
    /// so it is bounded at 2048 bytes as PREVAIL does; any aligned read past the first 8 bytes
    /// (the common fields, which Linux refuses).
    public static final ContextDescriptor TRACEPOINT_RECORD = ContextDescriptor.plain("tracepoint", 2048)
            .withFields(List.of(field("common", 0, 8, NONE), field("record", 8, 2040, ANY)));

    /// `bpf_perf_event_data` (`pe_prog_is_valid_access`): the registers (x86-64 `pt_regs`) read
    /// with exactly 8 bytes, `sample_period` 168 and `addr` 176 narrow.
    public static final ContextDescriptor PERF_EVENT_DATA = ContextDescriptor.plain("bpf_perf_event_data", 184)
            .withFields(List.of(field("regs", 0, 168, U64), field("sample_period", 168, 8, ANY),
                    field("addr", 176, 8, ANY)));

    /// The arguments of a raw tracepoint or a traced function: at most 12 (`MAX_BPF_FUNC_ARGS`)
    /// `u64`s (`raw_tp_prog_is_valid_access`, `tracing_prog_is_valid_access`): any aligned read.
    public static final ContextDescriptor FUNCTION_ARGS = ContextDescriptor.plain("u64 args[12]", 96)
            .withFields(List.of(field("args", 0, 96, ANY)));
}
