package io.splitbpf.cli.prog;

import java.util.Optional;

/// What a program's return value means for its type, where Linux names the values.
final class ReturnCodes {
    // Table: enum xdp_action (uapi/linux/bpf.h), 0..4.
    private static final String[] XDP = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"};
    // Table: TC_ACT_* (uapi/linux/pkt_cls.h), -1..7.
    private static final String[] TC = {"TC_ACT_UNSPEC", "TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT", "TC_ACT_PIPE",
        "TC_ACT_STOLEN", "TC_ACT_QUEUED", "TC_ACT_REPEAT", "TC_ACT_REDIRECT"};

    private ReturnCodes() {}

    /// The name of `value` returned by a program of bpftool type `type`, if it has one.
    static Optional<String> name(String type, long value) {
        return switch (type) {
            case "xdp" -> value >= 0 && value < XDP.length ? Optional.of(XDP[(int) value]) : Optional.empty();
            case "sched_cls", "sched_act" -> value >= -1 && value < TC.length - 1
                    ? Optional.of(TC[(int) value + 1]) : Optional.empty();
            default -> Optional.empty();
        };
    }
}
