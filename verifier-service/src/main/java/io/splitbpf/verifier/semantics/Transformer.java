package io.splitbpf.verifier.semantics;

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
import io.splitbpf.core.isa.Reg;
import io.splitbpf.verifier.domain.ebpf.EbpfState;
import io.splitbpf.verifier.domain.ebpf.TypeSet;

/// The abstract transfer of one instruction: dispatch only, to the per-family semantics.
///
/// A conditional jump changes nothing by itself: its edges carry an [Assume] each
/// ([#assume(EbpfState, Assume)]). A bpf-to-bpf call is analysed by the fixpoint per call
/// site; here it only stands for "unknown callee", which the fixpoint never uses.
public final class Transformer {
    private Transformer() {}

    public static EbpfState apply(EbpfState s, Insn insn, AnalysisContext ctx) {
        if (s.isBottom()) {
            return s;
        }
        return switch (insn) {
            case Alu a -> AluSemantics.alu(s, a);
            case Endian e -> AluSemantics.endian(s, e);
            case LoadImm64 l -> AluSemantics.loadImm64(s, l, ctx);
            case Load l -> MemorySemantics.load(s, l, ctx);
            case Store st -> MemorySemantics.store(s, st);
            case Atomic a -> MemorySemantics.atomic(s, a);
            case PacketLoad p -> MemorySemantics.packetLoad(s, p);
            case Jump _ -> s;
            case Call c -> CallSemantics.helper(s, c, ctx);
            // Invariant: ValidCall rejects kfuncs and callx (not available on this platform);
            // clobbering every caller-saved register is what any call may do.
            case CallKfunc _, CallReg _ -> unknownCall(s);
            case CallLocal _ -> unknownCall(s);
            case Exit() -> s;
        };
    }

    public static EbpfState assume(EbpfState s, Assume a, AnalysisContext ctx) {
        return BranchSemantics.assume(s, a, ctx);
    }

    private static EbpfState unknownCall(EbpfState s) {
        EbpfState out = s;
        for (int i = 1; i <= 5; i++) {
            out = out.havoc(Reg.of(i));
        }
        return out.setRegister(Reg.R0, TypeSet.INITIALISED);
    }
}
