package io.splitbpf.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.spec.AttachType;
import io.splitbpf.core.spec.ProgramType;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/// Section names → program type, attach type, target and whether only the legacy prefix rule
/// matched; one row per rule family of libbpf's table plus the names old objects use.
class SectionNamesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            # section                          , type                   , attach                 , target                    , legacy
            xdp                                , XDP                    , XDP                    , ''                        , false
            xdp.frags                          , XDP                    , XDP                    , ''                        , false
            xdp/devmap                         , XDP                    , XDP_DEVMAP             , ''                        , false
            tc                                 , SCHED_CLS              , -                      , ''                        , false
            classifier                         , SCHED_CLS              , -                      , ''                        , false
            tc/ingress                         , SCHED_CLS              , TCX_INGRESS            , ''                        , false
            action                             , SCHED_ACT              , -                      , ''                        , false
            socket                             , SOCKET_FILTER          , -                      , ''                        , false
            kprobe/sys_execve                  , KPROBE                 , -                      , sys_execve                , false
            kprobe                             , KPROBE                 , -                      , ''                        , false
            kretprobe/tcp_v4_connect           , KPROBE                 , -                      , tcp_v4_connect            , false
            uprobe//bin/bash:readline          , KPROBE                 , -                      , /bin/bash:readline        , false
            kprobe.multi/tcp_*                 , KPROBE                 , TRACE_KPROBE_MULTI     , tcp_*                     , false
            tracepoint/syscalls/sys_enter_open , TRACEPOINT             , -                      , syscalls/sys_enter_open   , false
            tp/sched/sched_switch              , TRACEPOINT             , -                      , sched/sched_switch        , false
            raw_tp/sched_switch                , RAW_TRACEPOINT         , -                      , sched_switch              , false
            raw_tracepoint/sys_enter           , RAW_TRACEPOINT         , -                      , sys_enter                 , false
            raw_tp.w/sys_enter                 , RAW_TRACEPOINT_WRITABLE, -                      , sys_enter                 , false
            tp_btf/sched_switch                , TRACING                , TRACE_RAW_TP           , sched_switch              , false
            fentry/do_unlinkat                 , TRACING                , TRACE_FENTRY           , do_unlinkat               , false
            fexit/do_unlinkat                  , TRACING                , TRACE_FEXIT            , do_unlinkat               , false
            fmod_ret/security_x                , TRACING                , MODIFY_RETURN          , security_x                , false
            lsm/file_open                      , LSM                    , LSM_MAC                , file_open                 , false
            iter/task                          , TRACING                , TRACE_ITER             , task                      , false
            perf_event                         , PERF_EVENT             , -                      , ''                        , false
            lwt_in                             , LWT_IN                 , -                      , ''                        , false
            lwt_seg6local                      , LWT_SEG6LOCAL          , -                      , ''                        , false
            sockops                            , SOCK_OPS               , CGROUP_SOCK_OPS        , ''                        , false
            sk_skb/stream_parser               , SK_SKB                 , SK_SKB_STREAM_PARSER   , ''                        , false
            sk_skb                             , SK_SKB                 , -                      , ''                        , false
            sk_msg                             , SK_MSG                 , SK_MSG_VERDICT         , ''                        , false
            cgroup_skb/ingress                 , CGROUP_SKB             , CGROUP_INET_INGRESS    , ''                        , false
            cgroup/skb                         , CGROUP_SKB             , -                      , ''                        , false
            cgroup/sock                        , CGROUP_SOCK            , CGROUP_INET_SOCK_CREATE, ''                        , false
            cgroup/sock_release                , CGROUP_SOCK            , CGROUP_INET_SOCK_RELEASE, ''                       , false
            cgroup/connect4                    , CGROUP_SOCK_ADDR       , CGROUP_INET4_CONNECT   , ''                        , false
            cgroup/connect6                    , CGROUP_SOCK_ADDR       , CGROUP_INET6_CONNECT   , ''                        , false
            cgroup/bind4                       , CGROUP_SOCK_ADDR       , CGROUP_INET4_BIND      , ''                        , false
            cgroup/bind6                       , CGROUP_SOCK_ADDR       , CGROUP_INET6_BIND      , ''                        , false
            cgroup/sendmsg4                    , CGROUP_SOCK_ADDR       , CGROUP_UDP4_SENDMSG    , ''                        , false
            cgroup/recvmsg6                    , CGROUP_SOCK_ADDR       , CGROUP_UDP6_RECVMSG    , ''                        , false
            cgroup/dev                         , CGROUP_DEVICE          , CGROUP_DEVICE          , ''                        , false
            cgroup/sysctl                      , CGROUP_SYSCTL          , CGROUP_SYSCTL          , ''                        , false
            sk_lookup                          , SK_LOOKUP              , SK_LOOKUP              , ''                        , false
            flow_dissector                     , FLOW_DISSECTOR         , FLOW_DISSECTOR         , ''                        , false
            struct_ops/tcp_init                , STRUCT_OPS             , -                      , tcp_init                  , false
            xdp1                               , XDP                    , XDP                    , ''                        , true
            xdp_redirect                       , XDP                    , XDP                    , ''                        , true
            socket1                            , SOCKET_FILTER          , -                      , ''                        , true
            socket/0                           , SOCKET_FILTER          , -                      , 0                         , true
            cgroup/skb1                        , CGROUP_SKB             , -                      , ''                        , true
            sockops_rwnd                       , SOCK_OPS               , CGROUP_SOCK_OPS        , ''                        , true
            kprobe1                            , UNSPEC                 , -                      , ''                        , false
            from-netdev                        , UNSPEC                 , -                      , ''                        , false
            2/1                                , UNSPEC                 , -                      , ''                        , false
            tcpstuff                           , UNSPEC                 , -                      , ''                        , false
            """)
    void classify(String section, ProgramType type, String attach, String target, boolean legacy) {
        Optional<AttachType> at = attach == null ? Optional.empty() : Optional.of(AttachType.valueOf(attach));
        assertEquals(new ProgramSection(type, at, target, legacy), SectionNames.classify(section));
    }
}
