package io.splitbpf.verifier.domain.ebpf;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.num.Lattice;
import java.util.Arrays;

/// The type of every register, as a [TypeSet] each. Class invariant: a value is bottom exactly
/// when it is the canonical [#bottom()]; setting any register to the empty set yields it.
public final class TypeDomain implements Lattice<TypeDomain> {
    private static final TypeDomain BOTTOM = new TypeDomain(null);

    private final TypeSet[] regs;

    private TypeDomain(TypeSet[] regs) {
        this.regs = regs;
    }

    /// Every register uninitialised, except r10, a stack pointer: the state at a program's entry
    /// before its arguments are set.
    public static TypeDomain entry() {
        TypeSet[] r = new TypeSet[Reg.COUNT];
        Arrays.fill(r, TypeSet.UNINIT);
        r[Reg.R10.number()] = TypeSet.of(RegionType.STACK);
        return new TypeDomain(r);
    }

    /// Every register may hold anything.
    public static TypeDomain top() {
        TypeSet[] r = new TypeSet[Reg.COUNT];
        Arrays.fill(r, TypeSet.TOP);
        return new TypeDomain(r);
    }

    public static TypeDomain bottom() {
        return BOTTOM;
    }

    public TypeSet get(Reg r) {
        return regs == null ? TypeSet.BOTTOM : regs[r.number()];
    }

    public TypeDomain with(Reg r, TypeSet t) {
        if (regs == null) {
            return this;
        }
        if (t.isBottom()) {
            return BOTTOM;
        }
        TypeSet[] out = regs.clone();
        out[r.number()] = t;
        return new TypeDomain(out);
    }

    @Override
    public boolean isBottom() {
        return regs == null;
    }

    @Override
    public boolean isTop() {
        return regs != null && Arrays.stream(regs).allMatch(TypeSet::isTop);
    }

    @Override
    public boolean leq(TypeDomain o) {
        if (regs == null) {
            return true;
        }
        if (o.regs == null) {
            return false;
        }
        for (int i = 0; i < regs.length; i++) {
            if (!regs[i].leq(o.regs[i])) {
                return false;
            }
        }
        return true;
    }

    private TypeDomain combine(TypeDomain o, boolean join) {
        if (regs == null) {
            return join ? o : this;
        }
        if (o.regs == null) {
            return join ? this : o;
        }
        TypeSet[] out = new TypeSet[regs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = join ? regs[i].join(o.regs[i]) : regs[i].meet(o.regs[i]);
            if (out[i].isBottom()) {
                return BOTTOM;
            }
        }
        return new TypeDomain(out);
    }

    @Override
    public TypeDomain join(TypeDomain o) {
        return combine(o, true);
    }

    @Override
    public TypeDomain meet(TypeDomain o) {
        return combine(o, false);
    }

    @Override
    public TypeDomain widen(TypeDomain o) {
        return join(o);
    }

    @Override
    public TypeDomain narrow(TypeDomain o) {
        return meet(o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeDomain t && Arrays.equals(regs, t.regs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(regs);
    }

    /// `r1.type=ctx, r10.type=stack`: registers that are not `uninit`, in register order.
    @Override
    public String toString() {
        if (regs == null) {
            return "_|_";
        }
        StringBuilder sb = new StringBuilder();
        for (Reg r : Reg.values()) {
            if (!regs[r.number()].equals(TypeSet.UNINIT)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(r).append(".type=").append(regs[r.number()]);
            }
        }
        return sb.toString();
    }
}
