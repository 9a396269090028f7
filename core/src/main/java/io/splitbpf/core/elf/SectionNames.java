package io.splitbpf.core.elf;

import static io.splitbpf.core.spec.ProgramType.*;

import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.ProgramType;
import java.util.List;
import java.util.Optional;

/// Maps executable section names to program and attach types, following libbpf's
/// `section_defs[]` (first match wins) and, for names libbpf ≥ 1.0 no longer knows, the prefix
/// rule of older libbpf (`xdp1`, `xdp_redirect`, `socket1`, `cgroup/skb1`): among the exact-match
/// names, the longest one the section name starts with.
///
/// Match kinds, as in libbpf: `EXACT` (`xdp`) and `PLUS` (`kprobe+`: `kprobe` or
/// `kprobe/<target>`).
public final class SectionNames {
    private SectionNames() {}

    private enum Match { EXACT, PLUS }

    private record Rule(String text, Match match, ProgramType type, AttachType attach, boolean legacyPrefix) {}

    private static Rule exact(String text, ProgramType type, AttachType attach) {
        return new Rule(text, Match.EXACT, type, attach, true);
    }

    /// An exact name that old libbpf did not know, so no legacy prefix match either.
    private static Rule exactOnly(String text, ProgramType type, AttachType attach) {
        return new Rule(text, Match.EXACT, type, attach, false);
    }

    private static Rule plus(String text, ProgramType type, AttachType attach) {
        return new Rule(text, Match.PLUS, type, attach, false);
    }

    // Table: libbpf section_defs[] (libbpf.c), in its order.
    private static final List<Rule> RULES = List.of(
            exact("socket", SOCKET_FILTER, null),
            exact("sk_reuseport/migrate", SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE),
            exact("sk_reuseport", SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT),
            plus("kprobe", KPROBE, null),
            plus("uprobe", KPROBE, null),
            plus("uprobe.s", KPROBE, null),
            plus("kretprobe", KPROBE, null),
            plus("uretprobe", KPROBE, null),
            plus("uretprobe.s", KPROBE, null),
            plus("kprobe.multi", KPROBE, AttachType.TRACE_KPROBE_MULTI),
            plus("kretprobe.multi", KPROBE, AttachType.TRACE_KPROBE_MULTI),
            plus("kprobe.session", KPROBE, AttachType.TRACE_KPROBE_SESSION),
            plus("uprobe.multi", KPROBE, AttachType.TRACE_UPROBE_MULTI),
            plus("uretprobe.multi", KPROBE, AttachType.TRACE_UPROBE_MULTI),
            plus("uprobe.session", KPROBE, AttachType.TRACE_UPROBE_SESSION),
            plus("uprobe.multi.s", KPROBE, AttachType.TRACE_UPROBE_MULTI),
            plus("uretprobe.multi.s", KPROBE, AttachType.TRACE_UPROBE_MULTI),
            plus("uprobe.session.s", KPROBE, AttachType.TRACE_UPROBE_SESSION),
            plus("ksyscall", KPROBE, null),
            plus("kretsyscall", KPROBE, null),
            plus("usdt", KPROBE, null),
            plus("usdt.s", KPROBE, null),
            exactOnly("tc/ingress", SCHED_CLS, AttachType.TCX_INGRESS),
            exactOnly("tc/egress", SCHED_CLS, AttachType.TCX_EGRESS),
            exactOnly("tcx/ingress", SCHED_CLS, AttachType.TCX_INGRESS),
            exactOnly("tcx/egress", SCHED_CLS, AttachType.TCX_EGRESS),
            exactOnly("tc", SCHED_CLS, null),
            exact("classifier", SCHED_CLS, null),
            exact("action", SCHED_ACT, null),
            exactOnly("netkit/primary", SCHED_CLS, AttachType.NETKIT_PRIMARY),
            exactOnly("netkit/peer", SCHED_CLS, AttachType.NETKIT_PEER),
            plus("tracepoint", TRACEPOINT, null),
            plus("tp", TRACEPOINT, null),
            plus("tracepoint.s", TRACEPOINT, null),
            plus("tp.s", TRACEPOINT, null),
            plus("raw_tracepoint", RAW_TRACEPOINT, null),
            plus("raw_tp", RAW_TRACEPOINT, null),
            plus("raw_tracepoint.w", RAW_TRACEPOINT_WRITABLE, null),
            plus("raw_tp.w", RAW_TRACEPOINT_WRITABLE, null),
            plus("tp_btf", TRACING, AttachType.TRACE_RAW_TP),
            plus("fentry", TRACING, AttachType.TRACE_FENTRY),
            plus("fmod_ret", TRACING, AttachType.MODIFY_RETURN),
            plus("fexit", TRACING, AttachType.TRACE_FEXIT),
            plus("fentry.s", TRACING, AttachType.TRACE_FENTRY),
            plus("fmod_ret.s", TRACING, AttachType.MODIFY_RETURN),
            plus("fexit.s", TRACING, AttachType.TRACE_FEXIT),
            plus("freplace", EXT, null),
            plus("lsm", LSM, AttachType.LSM_MAC),
            plus("lsm.s", LSM, AttachType.LSM_MAC),
            plus("lsm_cgroup", LSM, AttachType.LSM_CGROUP),
            plus("iter", TRACING, AttachType.TRACE_ITER),
            plus("iter.s", TRACING, AttachType.TRACE_ITER),
            exactOnly("syscall", SYSCALL, null),
            exactOnly("xdp.frags/devmap", XDP, AttachType.XDP_DEVMAP),
            exact("xdp/devmap", XDP, AttachType.XDP_DEVMAP),
            exactOnly("xdp.frags/cpumap", XDP, AttachType.XDP_CPUMAP),
            exact("xdp/cpumap", XDP, AttachType.XDP_CPUMAP),
            exactOnly("xdp.frags", XDP, AttachType.XDP),
            exact("xdp", XDP, AttachType.XDP),
            exact("perf_event", PERF_EVENT, null),
            exact("lwt_in", LWT_IN, null),
            exact("lwt_out", LWT_OUT, null),
            exact("lwt_xmit", LWT_XMIT, null),
            exact("lwt_seg6local", LWT_SEG6LOCAL, null),
            exact("sockops", SOCK_OPS, AttachType.CGROUP_SOCK_OPS),
            exact("sk_skb/stream_parser", SK_SKB, AttachType.SK_SKB_STREAM_PARSER),
            exact("sk_skb/stream_verdict", SK_SKB, AttachType.SK_SKB_STREAM_VERDICT),
            exact("sk_skb/verdict", SK_SKB, AttachType.SK_SKB_VERDICT),
            exact("sk_skb", SK_SKB, null),
            exact("sk_msg", SK_MSG, AttachType.SK_MSG_VERDICT),
            exact("lirc_mode2", LIRC_MODE2, AttachType.LIRC_MODE2),
            exact("flow_dissector", FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR),
            exact("cgroup_skb/ingress", CGROUP_SKB, AttachType.CGROUP_INET_INGRESS),
            exact("cgroup_skb/egress", CGROUP_SKB, AttachType.CGROUP_INET_EGRESS),
            exact("cgroup/skb", CGROUP_SKB, null),
            exact("cgroup/sock_create", CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE),
            exact("cgroup/sock_release", CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE),
            exact("cgroup/sock", CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE),
            exact("cgroup/post_bind4", CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND),
            exact("cgroup/post_bind6", CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND),
            exact("cgroup/bind4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND),
            exact("cgroup/bind6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND),
            exact("cgroup/connect4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT),
            exact("cgroup/connect6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT),
            exact("cgroup/connect_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT),
            exact("cgroup/sendmsg4", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG),
            exact("cgroup/sendmsg6", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG),
            exact("cgroup/sendmsg_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG),
            exact("cgroup/recvmsg4", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG),
            exact("cgroup/recvmsg6", CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG),
            exact("cgroup/recvmsg_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG),
            exact("cgroup/getpeername4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME),
            exact("cgroup/getpeername6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME),
            exact("cgroup/getpeername_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME),
            exact("cgroup/getsockname4", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME),
            exact("cgroup/getsockname6", CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME),
            exact("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME),
            exact("cgroup/sysctl", CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL),
            exact("cgroup/getsockopt", CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT),
            exact("cgroup/setsockopt", CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT),
            exact("cgroup/dev", CGROUP_DEVICE, AttachType.CGROUP_DEVICE),
            plus("struct_ops", STRUCT_OPS, null),
            plus("struct_ops.s", STRUCT_OPS, null),
            exact("sk_lookup", SK_LOOKUP, AttachType.SK_LOOKUP),
            exactOnly("netfilter", NETFILTER, AttachType.NETFILTER));

    /// The program type, attach type and target that section name `section` implies.
    public static ProgramSection classify(String section) {
        for (Rule r : RULES) {
            switch (r.match()) {
                case EXACT -> {
                    if (section.equals(r.text())) {
                        return result(r, "", false);
                    }
                }
                case PLUS -> {
                    if (section.equals(r.text())) {
                        return result(r, "", false);
                    }
                    if (section.startsWith(r.text() + "/")) {
                        return result(r, section.substring(r.text().length() + 1), false);
                    }
                }
            }
        }
        return legacy(section);
    }

    private static ProgramSection legacy(String section) {
        Rule best = null;
        for (Rule r : RULES) {
            if (r.legacyPrefix() && section.startsWith(r.text())
                    && (best == null || r.text().length() > best.text().length())) {
                best = r;
            }
        }
        if (best == null) {
            return ProgramSection.unknown();
        }
        String rest = section.substring(best.text().length());
        return result(best, rest.startsWith("/") ? rest.substring(1) : "", true);
    }

    private static ProgramSection result(Rule r, String target, boolean legacy) {
        return new ProgramSection(r.type(), Optional.ofNullable(r.attach()), target, legacy);
    }
}
