package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.core.isa.Reg;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/// The names of the numeric variables of the eBPF state, as PREVAIL prints them: per register
/// `r1.svalue`, `r1.uvalue` and one offset variable per region (`r1.packet_offset`, ...),
/// `r1.shared_region_size`, `r1.shared_readonly` (1 when the value may belong to a map programs
/// may only read, `BPF_F_RDONLY_PROG`; 0 when it does not) and `r1.stack_numeric_size` (a lower bound of the bytes from a stack
/// pointer that hold numbers: any value below the true count is a valid one, so it is
/// forgotten when something else may be stored there); the globals `packet_size` and
/// `meta_offset` (and [#UVALUE_PIVOT]); spilled stack values `s[a...b].<kind>` ([StackCell#variable(String)]).
public final class Variables {
    /// The size of the current packet.
    public static final String PACKET_SIZE = "packet_size";
    /// The (non-positive) offset of the packet's meta area.
    public static final String META_OFFSET = "meta_offset";
    /// The value of the pointer to the ring buffer record the program holds (reserved, not yet
    /// submitted or discarded), 0 when it holds none: `bpf_ringbuf_reserve` sets it to its
    /// result's value, so the null check of that result (or of a copy) tells whether a record
    /// is held; a release sets it to 0. A program holds at most one record at a time.
    public static final String ALLOC_MEM_HELD = "alloc_mem_held";
    /// A constant, [#UVALUE_PIVOT_VALUE], that unsigned views are bounded against where their
    /// bound lies above 2^63: `r1.uvalue - uvalue_pivot <= c` says
    /// `r1.uvalue <= 2^63 - 2 + c`, which no 64-bit interval bound can say ([UnsignedPivot]).
    /// Present only in states that need it.
    public static final String UVALUE_PIVOT = "uvalue_pivot";
    /// The pivot's value, 2^63 - 2: the largest the zone holds as a finite bound.
    public static final long UVALUE_PIVOT_VALUE = Long.MAX_VALUE - 1;
    /// Every per-register kind, in a fixed order.
    public static final List<String> REGISTER_KINDS = List.of("svalue", "uvalue", "ctx_offset", "packet_offset",
            "stack_offset", "shared_offset", "shared_region_size", "shared_readonly", "stack_numeric_size", "map_fd", "map_fd_programs", "alloc_mem_offset",
            "alloc_mem_size");

    /// The names of [#REGISTER_KINDS], by kind and register number: made once, since the
    /// analysis asks for them at every instruction.
    private static final Map<String, List<String>> NAMES = new HashMap<>();
    /// Every variable of each register, by register number.
    private static final List<List<String>> ALL = new ArrayList<>();
    /// Every variable of each register but `svalue` and `uvalue`, by register number.
    private static final List<List<String>> ALL_BUT_VALUE = new ArrayList<>();

    // Plain loops: this runs once per JVM, in the interpreter, before the first verification.
    static {
        for (String kind : REGISTER_KINDS) {
            List<String> names = new ArrayList<>();
            for (Reg r : Reg.values()) {
                names.add(r + "." + kind);
            }
            NAMES.put(kind, List.copyOf(names));
        }
        for (Reg r : Reg.values()) {
            List<String> all = new ArrayList<>();
            List<String> allButValue = new ArrayList<>();
            for (String kind : REGISTER_KINDS) {
                all.add(NAMES.get(kind).get(r.ordinal()));
                if (!kind.equals("svalue") && !kind.equals("uvalue")) {
                    allButValue.add(NAMES.get(kind).get(r.ordinal()));
                }
            }
            ALL.add(List.copyOf(all));
            ALL_BUT_VALUE.add(List.copyOf(allButValue));
        }
    }

    private Variables() {}

    public static String of(Reg r, String kind) {
        List<String> byRegister = NAMES.get(kind);
        return byRegister != null ? byRegister.get(r.ordinal()) : r + "." + kind;
    }

    public static String svalue(Reg r) {
        return of(r, "svalue");
    }

    public static String uvalue(Reg r) {
        return of(r, "uvalue");
    }

    /// The counter of the loop whose head is at `pc` (PREVAIL's `pc[7]`).
    public static String loopCounter(int pc) {
        return "pc[" + pc + "]";
    }

    /// Every variable of a register.
    public static List<String> all(Reg r) {
        return ALL.get(r.ordinal());
    }

    /// Every variable of a register except its value's (`svalue`, `uvalue`).
    public static List<String> allButValue(Reg r) {
        return ALL_BUT_VALUE.get(r.ordinal());
    }
}
