package io.splitbpf.verifier.assertion;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import io.splitbpf.core.platform.ArgKind;
import io.splitbpf.core.platform.HelperPrototype;
import io.splitbpf.verifier.assertion.Assertion.AccessKind;
import io.splitbpf.verifier.assertion.Assertion.Addable;
import io.splitbpf.verifier.assertion.Assertion.Comparable;
import io.splitbpf.verifier.assertion.Assertion.TypeConstraint;
import io.splitbpf.verifier.assertion.Assertion.ValidAccess;
import io.splitbpf.verifier.assertion.Assertion.ValidCall;
import io.splitbpf.verifier.assertion.Assertion.ValidDivisor;
import io.splitbpf.verifier.assertion.Assertion.ValidMapKeyValue;
import io.splitbpf.verifier.assertion.Assertion.ValidSize;
import io.splitbpf.verifier.assertion.Assertion.ValidStore;
import io.splitbpf.verifier.assertion.Assertion.ZeroCtxOffset;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import java.util.ArrayList;
import java.util.List;

/// Derives, from one instruction alone, the assertions its pre-state must satisfy (PREVAIL's
/// `assertions.cpp`). Pure: no domain, no state; the same input gives the same list.
public final class AssertionExtractor {
    /// A pointer or a number: what `+`, `-` and comparisons accept.
    public static final TypeSet PTR_OR_NUM = TypeSet.POINTER.join(TypeSet.NUMBER);
    /// What a sized memory argument may point to: [TypeSet#MEM] and a ring buffer record
    /// (Linux's `PTR_TO_MEM`), bounded by its reserved size.
    private static final TypeSet HELPER_MEM = TypeSet.MEM.join(TypeSet.of(RegionType.ALLOC_MEM));

    private AssertionExtractor() {}

    public static List<Assertion> extract(Insn insn, ProgramInfo info) {
        return switch (insn) {
            case Alu a -> alu(a);
            case Endian e -> List.of(number(e.dst()));
            case LoadImm64 l -> switch (l.source()) {
                case MAP_FD, MAP_IDX, MAP_VALUE, MAP_IDX_VALUE -> List.of(new Assertion.ValidMapIndex(l.imm()));
                case IMM64, BTF_ID, FUNC -> List.of();
            };
            case Load l -> List.of(new TypeConstraint(l.base(), TypeSet.DEREFERENCEABLE),
                    ValidAccess.of(l.base(), l.offset(), l.size().bytes(), AccessKind.READ));
            case Store s -> store(s, info);
            case Atomic a -> atomic(a);
            case PacketLoad p -> packetLoad(p);
            case Jump j -> jump(j);
            case Call c -> call(c.helperId());
            case CallLocal _ -> List.of();
            case CallKfunc k -> List.of(new ValidCall("kfunc", k.btfId()));
            case CallReg r -> List.of(new ValidCall("callx", r.target().number()));
            case Exit() -> List.of(number(Reg.R0));
        };
    }

    private static TypeConstraint number(Reg r) {
        return new TypeConstraint(r, TypeSet.NUMBER);
    }

    private static List<Assertion> alu(Alu a) {
        List<Assertion> out = new ArrayList<>();
        boolean wide = a.width() == Width.W64;
        switch (a.src()) {
            case Reg src when a.op() == AluOp.MOV -> {
                if (!wide) {
                    out.add(number(src));
                }
            }
            // Sign-extending moves read only their source, which must be a number.
            case Reg src when a.op() == AluOp.MOVSX8 || a.op() == AluOp.MOVSX16 || a.op() == AluOp.MOVSX32 ->
                    out.add(number(src));
            case Reg src when wide && a.op() == AluOp.ADD -> {
                out.add(new TypeConstraint(a.dst(), PTR_OR_NUM));
                out.add(new TypeConstraint(src, PTR_OR_NUM));
                out.add(new Addable(src, a.dst()));
                out.add(new Addable(a.dst(), src));
            }
            case Reg src when wide && a.op() == AluOp.SUB -> {
                out.add(new TypeConstraint(a.dst(), PTR_OR_NUM));
                out.add(new TypeConstraint(src, PTR_OR_NUM));
                out.add(new Comparable(a.dst(), src, true, false));
            }
            case Reg src when a.op().isDivision() -> {
                // ValidDivisor checks the divisor's type too (PREVAIL's "Only numbers can be
                // used as divisors"), so it gets no separate TypeConstraint.
                out.add(number(a.dst()));
                out.add(new ValidDivisor(src, wide));
            }
            case Reg src -> {
                out.add(number(a.dst()));
                out.add(number(src));
            }
            case Imm _ when a.op() == AluOp.MOV -> { }
            case Imm _ when wide && (a.op() == AluOp.ADD || a.op() == AluOp.SUB) ->
                    out.add(new TypeConstraint(a.dst(), PTR_OR_NUM));
            case Imm divisor when a.op().isDivision() -> {
                out.add(number(a.dst()));
                out.add(new ValidDivisor(divisor, wide));
            }
            case Imm _ -> out.add(number(a.dst()));
        }
        return out;
    }

    private static List<Assertion> store(Store s, ProgramInfo info) {
        List<Assertion> out = new ArrayList<>(List.of(new TypeConstraint(s.base(), TypeSet.DEREFERENCEABLE),
                ValidAccess.of(s.base(), s.offset(), s.size().bytes(), AccessKind.WRITE)));
        if (s.src() instanceof Reg v) {
            if (s.size() != MemSize.DW && s.base() != Reg.R10) {
                out.add(number(v));
            } else if (s.size() == MemSize.DW && !info.descriptor().privileged()) {
                out.add(new ValidStore(s.base(), v));
            }
            // A narrow store through r10 may store part of any value (PREVAIL): the stack is
            // private, and no load ever makes a usable value of such bytes again.
        }
        return out;
    }

    private static List<Assertion> atomic(Atomic a) {
        List<Assertion> out = new ArrayList<>(List.of(
                new TypeConstraint(a.base(), TypeSet.of(RegionType.STACK, RegionType.SHARED, RegionType.ALLOC_MEM)),
                ValidAccess.of(a.base(), a.offset(), a.size().bytes(), AccessKind.ATOMIC),
                number(a.src())));
        if (a.op() == AtomicOp.CMPXCHG) {
            out.add(number(Reg.R0));
        }
        return out;
    }

    private static List<Assertion> packetLoad(PacketLoad p) {
        List<Assertion> out = new ArrayList<>(List.of(new TypeConstraint(Reg.R6, TypeSet.of(RegionType.CTX)),
                new ZeroCtxOffset(Reg.R6)));
        if (p.indirect()) {
            out.add(number(p.index()));
        }
        return out;
    }

    /// Comparing with 0 lets pointers through (null checks) for unsigned and equality tests;
    /// other immediates need numbers; two registers need comparable types, in bounds (a
    /// pointer far outside its region could wrap around), and equality tests may also compare
    /// two map references.
    private static List<Assertion> jump(Jump j) {
        if (j.op() == JmpOp.JA) {
            return List.of();
        }
        boolean equality = j.op() == JmpOp.JEQ || j.op() == JmpOp.JNE;
        TypeSet operands = equality ? PTR_OR_NUM.join(TypeSet.FD) : PTR_OR_NUM;
        return switch (j.src()) {
            // Null checks: any initialised value may be compared with 0, including the
            // maybe-null map reference a map of maps' lookup returns.
            case Imm(var v) when v == 0 && j.width() == Width.W64 && !j.op().isSigned() ->
                    List.of(new TypeConstraint(j.dst(), TypeSet.INITIALISED));
            case Imm _ -> List.of(number(j.dst()));
            case Reg src when j.width() == Width.W64 -> List.of(new TypeConstraint(j.dst(), operands),
                    new TypeConstraint(src, operands), ValidAccess.of(j.dst(), 0, 0, AccessKind.COMPARE),
                    ValidAccess.of(src, 0, 0, AccessKind.COMPARE), new Comparable(j.dst(), src, true, equality));
            case Reg src -> List.of(number(j.dst()), number(src));
        };
    }

    private static List<Assertion> call(int helperId) {
        List<Assertion> out = new ArrayList<>(List.of(new ValidCall("helper", helperId)));
        HelperPrototype proto = HelperPrototype.of(helperId).orElse(null);
        if (proto == null) {
            return out;
        }
        List<ArgKind> args = proto.args();
        if (proto.ret() == io.splitbpf.core.platform.RetKind.ALLOC_MEM_OR_NULL || args.contains(ArgKind.MAP_FD_PROGRAMS)) {
            // A reservation while one is held, or a tail call (which never comes back to
            // release it).
            out.add(new Assertion.NoRecordHeld());
        }
        // Keys and values belong to the map argument before them (r1 for map_update_elem, r2
        // for sock_map_update).
        Reg map = Reg.R1;
        for (int i = 0; i < args.size(); i++) {
            Reg r = Reg.of(i + 1);
            if (args.get(i) == ArgKind.MAP_FD) {
                map = r;
            }
            out.addAll(argument(args.get(i), r, i + 1 < args.size() ? Reg.of(i + 2) : r, map));
        }
        return out;
    }

    private static List<Assertion> argument(ArgKind kind, Reg r, Reg next, Reg map) {
        return switch (kind) {
            case ANYTHING -> List.of(new TypeConstraint(r, TypeSet.INITIALISED));
            case NUMBER -> List.of(number(r));
            case MAP_FD -> List.of(new TypeConstraint(r, TypeSet.of(RegionType.MAP_FD)));
            case MAP_FD_PROGRAMS -> List.of(new TypeConstraint(r, TypeSet.of(RegionType.MAP_FD_PROGRAMS)));
            case MAP_KEY -> List.of(new TypeConstraint(r, TypeSet.MEM), new ValidMapKeyValue(r, map, true));
            case MAP_VALUE -> List.of(new TypeConstraint(r, TypeSet.MEM), new ValidMapKeyValue(r, map, false));
            case CTX -> List.of(new TypeConstraint(r, TypeSet.of(RegionType.CTX)), new ZeroCtxOffset(r));
            case MEM_READABLE, MEM_WRITABLE -> List.of(new TypeConstraint(r, HELPER_MEM),
                    new ValidAccess(r, 0, 0, java.util.Optional.of(next), kind == ArgKind.MEM_WRITABLE ? AccessKind.WRITE : AccessKind.READ));
            // A buffer the helper reads and writes back must be readable (initialised) and
            // writable (not a read-only map's value).
            case MEM_READ_WRITE -> List.of(new TypeConstraint(r, HELPER_MEM),
                    new ValidAccess(r, 0, 0, java.util.Optional.of(next), AccessKind.READ),
                    new ValidAccess(r, 0, 0, java.util.Optional.of(next), AccessKind.WRITE));
            case MEM_READABLE_OR_NULL -> List.of(new TypeConstraint(r, HELPER_MEM.join(TypeSet.NUMBER)),
                    new ValidAccess(r, 0, 0, java.util.Optional.of(next), AccessKind.READ));
            case ALLOC_MEM -> List.of(new TypeConstraint(r, TypeSet.of(RegionType.ALLOC_MEM)), new Assertion.ValidRelease(r));
            case CONST_SIZE -> List.of(number(r), new ValidSize(r, false));
            case CONST_SIZE_OR_ZERO -> List.of(number(r), new ValidSize(r, true));
        };
    }
}
