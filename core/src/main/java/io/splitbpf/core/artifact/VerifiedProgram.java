package io.splitbpf.core.artifact;

import io.splitbpf.core.insn.Call;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.LoadImm64;
import io.splitbpf.core.spec.CollectionSpec;
import io.splitbpf.core.spec.MapSpec;
import io.splitbpf.core.spec.ProgramSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/// One program cut out of its object, self-contained: its instructions reference only
/// `maps`, by index 0..n-1, in the order of the object's map list. This is what the verifier
/// analyses, what the artifact carries and what the host binds, so the three see the same
/// instructions.
///
/// @param program the program, with map references renumbered and `mapIndices` 0..n-1
/// @param maps the maps it references
public record VerifiedProgram(ProgramSpec program, List<MapSpec> maps) {
    public VerifiedProgram {
        Objects.requireNonNull(program, "program");
        maps = List.copyOf(maps);
    }

    /// Cuts `program` out of `collection`, keeping only the maps it references.
    ///
    /// @throws IllegalArgumentException when an instruction references a map the object lacks
    public static VerifiedProgram extract(CollectionSpec collection, ProgramSpec program) {
        SortedSet<Integer> used = new TreeSet<>();
        for (LabeledInsn li : program.insns().insns()) {
            if (li.insn() instanceof LoadImm64 l && l.source().isMapReference()) {
                if (l.imm() < 0 || l.imm() >= collection.maps().size()) {
                    throw new IllegalArgumentException(program.name() + ": instruction " + li.pc()
                            + " references map #" + l.imm() + ", but the object has " + collection.maps().size());
                }
                used.add(l.imm());
            }
        }
        Map<Integer, Integer> renumber = new HashMap<>();
        List<MapSpec> maps = new ArrayList<>();
        for (int index : used) {
            renumber.put(index, maps.size());
            maps.add(collection.maps().get(index));
        }
        List<LabeledInsn> insns = new ArrayList<>(program.insns().size());
        for (LabeledInsn li : program.insns().insns()) {
            if (li.insn() instanceof LoadImm64 l && l.source().isMapReference()) {
                insns.add(new LabeledInsn(li.pc(),
                        new LoadImm64(l.dst(), l.source(), renumber.get(l.imm()), l.nextImm()), li.loc()));
            } else {
                insns.add(li);
            }
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            indices.add(i);
        }
        ProgramSpec cut = new ProgramSpec(program.name(), program.sectionName(), program.type(), program.attachType(),
                program.attachTarget(), InsnSeq.of(insns), program.license(), indices, program.functions());
        return new VerifiedProgram(cut, maps);
    }

    /// The ids of the helpers the program calls, ascending.
    public SortedSet<Integer> helperIds() {
        SortedSet<Integer> ids = new TreeSet<>();
        for (LabeledInsn li : program.insns().insns()) {
            if (li.insn() instanceof Call(int id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
