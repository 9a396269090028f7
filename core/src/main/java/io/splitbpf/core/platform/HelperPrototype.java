package io.splitbpf.core.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// The contract of one helper: the kinds of its arguments (r1 onwards), what it returns, and
/// whether it may move packet data (invalidating packet pointers).
///
/// @param id the Linux helper id
/// @param ret what r0 holds afterwards
/// @param args the argument kinds, r1 first (at most five)
/// @param reallocatesPacket whether packet pointers are invalid after the call
public record HelperPrototype(HelperId id, RetKind ret, List<ArgKind> args, boolean reallocatesPacket) {
    public HelperPrototype {
        args = List.copyOf(args);
        if (args.size() > 5) {
            throw new IllegalArgumentException("a helper takes at most five arguments");
        }
    }

    private static HelperPrototype p(int id, RetKind ret, ArgKind... args) {
        return new HelperPrototype(HelperId.of(id).orElseThrow(), ret, List.of(args), false);
    }

    private static HelperPrototype packet(int id, ArgKind... args) {
        return new HelperPrototype(HelperId.of(id).orElseThrow(), RetKind.INTEGER, List.of(args), true);
    }

    // Table: prototypes of Linux's `bpf_func_proto`s (kernel/bpf/helpers.c, kernel/trace/bpf_trace.c,
    // net/core/filter.c), by id. `ARG_ANYTHING` is NUMBER where the argument is a flag, an offset or
    // a value (so that no pointer leaks through it), ANYTHING where it may be a pointer by design
    // (probe_read's source, probe_write_user's destination). `packet` marks the helpers of
    // `bpf_helper_changes_pkt_data`. One deliberate difference: tail_call (12) is RET_VOID in Linux,
    // where a failed tail call leaves r0 as it was; the host's tail_call returns a negative errno
    // when it fails (exec-host TailCalls), so r0 is a number, as libbpf's `long bpf_tail_call()`
    // declares.
    private static final Map<Integer, HelperPrototype> TABLE = table(
            p(1, RetKind.MAP_VALUE_OR_NULL, ArgKind.MAP_FD, ArgKind.MAP_KEY),
            p(2, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.MAP_KEY, ArgKind.MAP_VALUE, ArgKind.NUMBER),
            p(3, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.MAP_KEY),
            p(4, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(5, RetKind.INTEGER),
            p(6, RetKind.INTEGER, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE),
            p(7, RetKind.INTEGER),
            p(8, RetKind.INTEGER),
            packet(9, ArgKind.CTX, ArgKind.NUMBER, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE, ArgKind.NUMBER),
            packet(10, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER),
            packet(11, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER),
            p(12, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD_PROGRAMS, ArgKind.NUMBER),
            packet(13, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER),
            p(14, RetKind.INTEGER),
            p(15, RetKind.INTEGER),
            p(16, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(17, RetKind.INTEGER, ArgKind.CTX),
            packet(18, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER),
            packet(19, ArgKind.CTX),
            p(20, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE, ArgKind.NUMBER),
            p(21, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE, ArgKind.NUMBER),
            p(22, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.NUMBER),
            p(23, RetKind.INTEGER, ArgKind.NUMBER, ArgKind.NUMBER),
            p(24, RetKind.INTEGER, ArgKind.CTX),
            p(25, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.NUMBER, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE_OR_ZERO),
            p(26, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(27, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.NUMBER),
            p(28, RetKind.INTEGER, ArgKind.MEM_READABLE_OR_NULL, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.MEM_READABLE_OR_NULL, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.NUMBER),
            p(29, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(30, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE),
            packet(31, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER),
            p(32, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            p(33, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.NUMBER),
            p(34, RetKind.INTEGER, ArgKind.CTX),
            p(35, RetKind.INTEGER),
            p(36, RetKind.INTEGER, ArgKind.ANYTHING, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE),
            p(37, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.NUMBER),
            packet(38, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER),
            packet(39, ArgKind.CTX, ArgKind.NUMBER),
            p(40, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            p(41, RetKind.VOID, ArgKind.CTX),
            p(42, RetKind.INTEGER),
            packet(43, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER),
            packet(44, ArgKind.CTX, ArgKind.NUMBER),
            p(45, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(46, RetKind.INTEGER, ArgKind.CTX),
            p(47, RetKind.INTEGER, ArgKind.CTX),
            p(48, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            p(49, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE),
            packet(50, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER),
            p(51, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.NUMBER, ArgKind.NUMBER),
            p(52, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.NUMBER, ArgKind.NUMBER),
            p(53, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.MAP_KEY, ArgKind.NUMBER),
            packet(54, ArgKind.CTX, ArgKind.NUMBER),
            p(55, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.NUMBER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(56, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(57, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(58, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            p(59, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            p(60, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.NUMBER, ArgKind.NUMBER),
            p(61, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            p(62, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            packet(63, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER),
            p(64, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE),
            packet(65, ArgKind.CTX, ArgKind.NUMBER),
            p(66, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE, ArgKind.NUMBER),
            p(67, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.NUMBER),
            p(68, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE, ArgKind.NUMBER),
            p(69, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_READ_WRITE, ArgKind.CONST_SIZE, ArgKind.NUMBER),
            p(70, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.MAP_KEY, ArgKind.NUMBER),
            p(71, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.MAP_KEY, ArgKind.NUMBER),
            p(72, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.MAP_KEY, ArgKind.NUMBER),
            p(79, RetKind.INTEGER, ArgKind.CTX),
            p(80, RetKind.INTEGER),
            p(82, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.MAP_KEY, ArgKind.NUMBER),
            p(83, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            packet(90, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER),
            packet(91, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER, ArgKind.NUMBER),
            p(97, RetKind.INTEGER, ArgKind.CTX),
            p(99, RetKind.SOCKET_OR_NULL, ArgKind.CTX, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE, ArgKind.NUMBER,
                    ArgKind.NUMBER),
            p(109, RetKind.INTEGER, ArgKind.NUMBER),
            p(112, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(113, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(114, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(115, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(117, RetKind.INTEGER, ArgKind.NUMBER),
            p(118, RetKind.INTEGER),
            p(123, RetKind.INTEGER, ArgKind.NUMBER),
            p(125, RetKind.INTEGER),
            p(130, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.NUMBER),
            p(131, RetKind.ALLOC_MEM_OR_NULL, ArgKind.MAP_FD, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.NUMBER),
            p(132, RetKind.VOID, ArgKind.ALLOC_MEM, ArgKind.NUMBER),
            p(133, RetKind.VOID, ArgKind.ALLOC_MEM, ArgKind.NUMBER),
            p(134, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.NUMBER),
            p(135, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER),
            p(151, RetKind.INTEGER, ArgKind.CTX),
            p(155, RetKind.INTEGER, ArgKind.NUMBER, ArgKind.NUMBER),
            p(160, RetKind.INTEGER),
            p(173, RetKind.INTEGER, ArgKind.CTX),
            p(174, RetKind.INTEGER, ArgKind.CTX),
            p(177, RetKind.INTEGER, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE, ArgKind.MEM_READABLE_OR_NULL, ArgKind.CONST_SIZE_OR_ZERO),
            p(188, RetKind.INTEGER, ArgKind.CTX),
            p(189, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(190, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE),
            p(192, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.NUMBER),
            p(208, RetKind.INTEGER));

    private static Map<Integer, HelperPrototype> table(HelperPrototype... ps) {
        Map<Integer, HelperPrototype> m = new TreeMap<>();
        for (HelperPrototype p : ps) {
            m.put(p.id().id(), p);
        }
        return m;
    }

    /// The prototype of helper `id`, when this platform describes it.
    public static Optional<HelperPrototype> of(int id) {
        return Optional.ofNullable(TABLE.get(id));
    }

    /// Every described prototype, by id.
    public static Map<Integer, HelperPrototype> all() {
        return java.util.Collections.unmodifiableMap(TABLE);
    }
}
