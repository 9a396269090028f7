package io.splitbpf.verifier.semantics;

import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.RegionType;
import io.splitbpf.verifier.domain.ebpf.StackDomain;
import io.splitbpf.verifier.domain.ebpf.TypeDomain;
import io.splitbpf.verifier.domain.ebpf.TypeSet;
import io.splitbpf.verifier.domain.ebpf.Variables;
import io.splitbpf.verifier.domain.num.Interval;
import io.splitbpf.verifier.domain.num.Scalar;
import io.splitbpf.verifier.domain.num.ZoneDomain;

/// The state a program starts in: r1 the unmodified context pointer, r10 the top of an empty
/// stack, every other register uninitialised; the packet (if the context has one) of any
/// size below the maximum, with a meta area of up to 4098 bytes where the context has one; no
/// ring buffer record held.
public final class EntryState {
    private EntryState() {}

    public static EbpfState of(AnalysisContext ctx) {
        TypeDomain types = TypeDomain.entry().with(Reg.R1, TypeSet.of(RegionType.CTX));
        Interval pointer = Interval.of(1, AnalysisContext.PTR_MAX);
        ZoneDomain z = ZoneDomain.top()
                .assign(Variables.of(Reg.R1, "ctx_offset"), Interval.of(0))
                .assign(Variables.of(Reg.R10, "stack_offset"), Interval.of(ctx.totalStackSize()))
                .assign(Variables.PACKET_SIZE, Interval.of(0, ctx.maxPacketSize() - 1L))
                .assign(Variables.ALLOC_MEM_HELD, Interval.of(0))
                .assign(Variables.META_OFFSET, ctx.info().descriptor().context().dataMeta().isPresent()
                        ? Interval.of(-4098, 0) : Interval.of(0));
        z = EbpfState.assignScalar(z, Variables.svalue(Reg.R1), Variables.uvalue(Reg.R1), Scalar.ofSigned(pointer));
        z = EbpfState.assignScalar(z, Variables.svalue(Reg.R10), Variables.uvalue(Reg.R10), Scalar.ofSigned(pointer));
        return EbpfState.of(types, z, StackDomain.empty(ctx.totalStackSize(), ctx.byteOrder()));
    }
}
