package io.splitbpf.core.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.splitbpf.core.insn.Alu;
import io.splitbpf.core.insn.Atomic;
import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.CallKfunc;
import io.splitbpf.core.insn.CallLocal;
import io.splitbpf.core.insn.CallReg;
import io.splitbpf.core.insn.Endian;
import io.splitbpf.core.insn.Exit;
import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.Load;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.insn.PacketLoad;
import io.splitbpf.core.insn.Store;
import io.splitbpf.core.isa.AluOp;
import io.splitbpf.core.isa.AtomicOp;
import io.splitbpf.core.isa.EndianOp;
import io.splitbpf.core.isa.Imm;
import io.splitbpf.core.isa.JmpOp;
import io.splitbpf.core.isa.MemSize;
import io.splitbpf.core.isa.Operand;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.Reg;
import io.splitbpf.core.isa.Width;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/// Random valid instructions survive text and wire round trips:
/// assemble(disassemble(x)) == x in both layouts, and decode(encode(x)) == x.
class InsnRoundTripProperties {
    @Property(tries = 3000)
    void plainTextRoundTrips(@ForAll("insns") Insn insn) {
        String text = Disassembler.plain().text(insn);
        assertEquals(insn, AssemblerTableTest.single(Assembler.of(Dialect.LLVM).assemble(text)), text);
    }

    @Property(tries = 300)
    void xlatedListingRoundTrips(@ForAll("programs") List<Insn> insns) {
        InsnSeq seq = InsnSeq.ofInsns(insns);
        String listing = Disassembler.xlated().render(seq);
        assertEquals(insns, Assembler.detecting().assemble(listing).insns().stream().map(LabeledInsn::insn).toList(),
                listing);
    }

    @Property(tries = 3000)
    void wireRoundTrips(@ForAll("insns") Insn insn) {
        InsnSeq decoded = InsnCodec.decode(List.of(InsnCodec.encode(insn)));
        assertEquals(insn, AssemblerTableTest.single(decoded));
    }

    @Provide
    Arbitrary<List<Insn>> programs() {
        return insns().list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<Insn> insns() {
        return Arbitraries.oneOf(List.of(alu(), endian(), lddw(), load(), store(), atomic(), packet(), jump(),
                calls(), Arbitraries.just(new Exit())));
    }

    static Arbitrary<Reg> reg() {
        return Arbitraries.of(Reg.values());
    }

    static Arbitrary<Operand> operand() {
        return Arbitraries.oneOf(List.of(reg().map(r -> r), Arbitraries.integers().map(v -> new Imm(v))));
    }

    static Arbitrary<Short> off() {
        return Arbitraries.shorts();
    }

    static Arbitrary<Insn> alu() {
        return Combinators.combine(Arbitraries.of(AluOp.values()), Arbitraries.of(Width.values()), reg(), operand(), reg())
                .as((op, w, dst, src, r) -> {
                    if (op == AluOp.NEG) {
                        return new Alu(op, w, dst, new Imm(0));
                    }
                    if (op.isMovSx()) {
                        return new Alu(op, op == AluOp.MOVSX32 ? Width.W64 : w, dst, r);
                    }
                    return new Alu(op, w, dst, src);
                });
    }

    static Arbitrary<Insn> endian() {
        return Combinators.combine(Arbitraries.of(EndianOp.values()), Arbitraries.of(16, 32, 64), reg())
                .as(Endian::new);
    }

    static Arbitrary<Insn> lddw() {
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 7);
        return Combinators.combine(reg(), Arbitraries.of(PseudoSource.values()), Arbitraries.integers(),
                Arbitraries.oneOf(List.of(Arbitraries.integers(), Arbitraries.just(0), small)))
                .as(LoadImm64::new);
    }

    static Arbitrary<Insn> load() {
        return Combinators.combine(Arbitraries.of(MemSize.values()), Arbitraries.of(true, false), reg(), reg(), off())
                .as((size, sx, dst, base, o) -> new Load(size, sx && size != MemSize.DW, dst, base, o));
    }

    static Arbitrary<Insn> store() {
        return Combinators.combine(Arbitraries.of(MemSize.values()), reg(), off(), operand()).as(Store::new);
    }

    static Arbitrary<Insn> atomic() {
        return Combinators.combine(Arbitraries.of(AtomicOp.values()), Arbitraries.of(true, false),
                Arbitraries.of(MemSize.W, MemSize.DW), reg(), off(), reg())
                .as((op, fetch, size, base, o, src) -> new Atomic(op, fetch || op.alwaysFetches(), size, base, o, src));
    }

    static Arbitrary<Insn> packet() {
        return Combinators.combine(Arbitraries.of(MemSize.B, MemSize.H, MemSize.W), Arbitraries.of(true, false), reg(),
                Arbitraries.integers())
                .as((size, ind, index, imm) -> new PacketLoad(size, ind, ind ? index : Reg.R0, imm));
    }

    static Arbitrary<Insn> jump() {
        Arbitrary<Insn> conditional = Combinators.combine(Arbitraries.of(JmpOp.values()).filter(o -> o != JmpOp.JA),
                Arbitraries.of(Width.values()), reg(), operand(), off())
                .as((op, w, dst, src, o) -> new Jump(op, w, dst, src, o));
        Arbitrary<Insn> ja = off().map(o -> Jump.ja(o));
        Arbitrary<Insn> gotol = Arbitraries.integers().map(o -> new Jump(JmpOp.JA, Width.W32, Reg.R0, new Imm(0), o));
        return Arbitraries.oneOf(List.of(conditional, ja, gotol));
    }

    static Arbitrary<Insn> calls() {
        Arbitrary<Integer> ids = Arbitraries.oneOf(List.of(Arbitraries.integers().between(0, 220), Arbitraries.integers()));
        return Arbitraries.oneOf(List.of(ids.map(Call::new), Arbitraries.integers().map(CallLocal::new),
                Combinators.combine(Arbitraries.integers(), Arbitraries.shorts()).as(CallKfunc::new),
                reg().map(CallReg::new)));
    }
}
