package io.splitbpf.core.insn;

import io.splitbpf.core.isa.RawInsn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/// An immutable sequence of decoded instructions, addressed by slot index (pc). The second
/// slot of an `lddw` has no instruction of its own: [#at(int)] returns null there.
public final class InsnSeq {
    private final List<LabeledInsn> insns;
    private final LabeledInsn[] bySlot;

    private InsnSeq(List<LabeledInsn> insns) {
        this.insns = List.copyOf(insns);
        int slots = 0;
        for (LabeledInsn li : this.insns) {
            if (li.pc() != slots) {
                throw new IllegalArgumentException("instruction at pc " + li.pc() + " where pc " + slots + " was expected");
            }
            slots += li.insn().slots();
        }
        this.bySlot = new LabeledInsn[slots];
        for (LabeledInsn li : this.insns) {
            bySlot[li.pc()] = li;
        }
    }

    /// A sequence of labelled instructions whose pcs run on from 0 without gaps.
    public static InsnSeq of(List<LabeledInsn> insns) {
        return new InsnSeq(insns);
    }

    /// A sequence of instructions, labelled with consecutive pcs and no source lines.
    public static InsnSeq ofInsns(List<? extends Insn> insns) {
        List<LabeledInsn> out = new ArrayList<>(insns.size());
        int pc = 0;
        for (Insn insn : insns) {
            out.add(new LabeledInsn(pc, insn));
            pc += insn.slots();
        }
        return new InsnSeq(out);
    }

    /// The instructions in order.
    public List<LabeledInsn> insns() {
        return insns;
    }

    /// The number of instructions (an `lddw` counts once).
    public int size() {
        return insns.size();
    }

    /// The number of 8-byte slots.
    public int slotCount() {
        return bySlot.length;
    }

    /// The instruction starting at slot `pc`, or null when `pc` is out of range or the second
    /// half of an `lddw`.
    public LabeledInsn at(int pc) {
        return pc >= 0 && pc < bySlot.length ? bySlot[pc] : null;
    }

    /// The slots, encoded.
    public List<RawInsn> toRaw() {
        List<RawInsn> out = new ArrayList<>(bySlot.length);
        for (LabeledInsn li : insns) {
            Collections.addAll(out, InsnCodec.encode(li.insn()));
        }
        return out;
    }

    /// The program's bytes (8 per slot, little endian).
    public byte[] toBytes() {
        List<RawInsn> raw = toRaw();
        byte[] out = new byte[raw.size() * RawInsn.SIZE];
        for (int i = 0; i < raw.size(); i++) {
            raw.get(i).writeTo(out, i * RawInsn.SIZE);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InsnSeq other && insns.equals(other.insns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(insns);
    }

    @Override
    public String toString() {
        return "InsnSeq" + insns;
    }
}
