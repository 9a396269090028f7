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

    // Table: prototypes from the Linux uapi documentation of each helper, by id.
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
            p(12, RetKind.VOID, ArgKind.CTX, ArgKind.MAP_FD_PROGRAMS, ArgKind.NUMBER),
            p(14, RetKind.INTEGER),
            p(15, RetKind.INTEGER),
            p(16, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            p(23, RetKind.INTEGER, ArgKind.NUMBER, ArgKind.NUMBER),
            p(25, RetKind.INTEGER, ArgKind.CTX, ArgKind.MAP_FD, ArgKind.NUMBER, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE_OR_ZERO),
            p(26, RetKind.INTEGER, ArgKind.CTX, ArgKind.NUMBER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE),
            packet(44, ArgKind.CTX, ArgKind.NUMBER),
            p(51, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.NUMBER, ArgKind.NUMBER),
            packet(54, ArgKind.CTX, ArgKind.NUMBER),
            packet(65, ArgKind.CTX, ArgKind.NUMBER),
            p(67, RetKind.INTEGER, ArgKind.CTX, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(99, RetKind.SOCKET_OR_NULL, ArgKind.CTX, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE, ArgKind.ANYTHING,
                    ArgKind.ANYTHING),
            p(112, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(113, RetKind.INTEGER, ArgKind.MEM_WRITABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING),
            p(130, RetKind.INTEGER, ArgKind.MAP_FD, ArgKind.MEM_READABLE, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.NUMBER),
            p(131, RetKind.ALLOC_MEM_OR_NULL, ArgKind.MAP_FD, ArgKind.CONST_SIZE_OR_ZERO, ArgKind.ANYTHING));

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
