package io.splitbpf.core.elf;

import io.splitbpf.core.elf.CodeSection.CodeTarget;
import io.splitbpf.core.elf.CodeSection.FunctionSym;
import io.splitbpf.core.insn.InsnCodec;
import io.splitbpf.core.insn.InsnDecodeException;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import io.splitbpf.core.insn.SourceLoc;
import io.splitbpf.core.internal.btf.BtfExt;
import io.splitbpf.core.isa.PseudoSource;
import io.splitbpf.core.isa.RawInsn;
import io.splitbpf.core.spec.FunctionInfo;
import io.splitbpf.core.spec.ProgramSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/// Links one program as libbpf's `bpf_object__reloc_code` does: the program's own function
/// comes first, then every function it reaches through bpf-to-bpf calls or function pointers
/// (`lddw` src 4), transitively and once each, in the order first reached; each call's and
/// pointer's immediate is rewritten so that `target = pc + 1 + imm` in the linked program.
/// Then the slots are decoded and each instruction gets the BTF line info that covers it (the
/// last line_info record at or before it within its function).
final class ProgramLinker {
    private static final int LDDW = 0x18;
    private static final int CALL = 0x85;
    /// The kernel's limit on a program's size (`BPF_COMPLEXITY_LIMIT_INSNS`); it also bounds
    /// the work of linking objects whose programs all pull in the same large subprograms.
    static final int MAX_SLOTS = 1_000_000;

    private final String object;
    private final Map<Integer, CodeSection> sections;
    private final BtfExt ext;

    ProgramLinker(String object, Map<Integer, CodeSection> sections, BtfExt ext) {
        this.object = object;
        this.sections = sections;
        this.ext = ext;
    }

    /// A function placed in the linked program at `base`.
    private record Block(FunctionSym function, int base) {
        boolean holds(int section, int slot) {
            return function.section() == section && slot >= function.start() && slot < function.end();
        }
    }

    ProgramSpec link(FunctionSym main, ProgramSection kind, String license) {
        CodeSection home = sections.get(main.section());
        String where = home.section().label() + ": program " + main.name();
        if (main.size() > MAX_SLOTS) {
            throw new ElfFormatException(object, where + ": " + main.size() + " instructions, more than " + MAX_SLOTS);
        }
        List<Block> blocks = new ArrayList<>(List.of(new Block(main, 0)));
        List<RawInsn> code = new ArrayList<>();
        List<Optional<SourceLoc>> locs = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            CodeSection sec = sections.get(block.function().section());
            FunctionSym fn = block.function();
            NavigableMap<Long, BtfExt.LineInfo> lines = linesOf(sec.section().name());
            for (int i = fn.start(); i < fn.end(); i++) {
                RawInsn raw = sec.slots().get(i);
                int pc = block.base() + i - fn.start();
                locs.add(sourceLoc(lines, fn, i));
                if (isCodeReference(raw)) {
                    CodeTarget target = target(sec, i, raw);
                    int newTarget = place(where, blocks, target, pc);
                    raw = raw.withImm(newTarget - pc - 1);
                }
                code.add(raw);
                if (raw.opcode() == LDDW) {
                    if (i + 1 >= fn.end()) {
                        throw new ElfFormatException(object, where + ": instruction " + pc
                                + ": lddw is cut off by the end of function " + fn.name());
                    }
                    code.add(sec.slots().get(++i));
                    locs.add(Optional.empty());
                }
            }
        }
        InsnSeq decoded = decode(where, code);
        List<LabeledInsn> labeled = new ArrayList<>(decoded.size());
        for (LabeledInsn li : decoded.insns()) {
            labeled.add(new LabeledInsn(li.pc(), li.insn(), locs.get(li.pc())));
        }
        TreeSet<Integer> mapIndices = new TreeSet<>();
        for (LabeledInsn li : decoded.insns()) {
            if (li.insn() instanceof io.splitbpf.core.insn.LoadImm64 l
                    && (l.source() == PseudoSource.MAP_FD || l.source() == PseudoSource.MAP_VALUE)) {
                mapIndices.add(l.imm());
            }
        }
        List<FunctionInfo> functions = blocks.stream().map(b -> new FunctionInfo(b.function().name(), b.base())).toList();
        return new ProgramSpec(main.name(), home.section().name(), kind.type(), kind.attachType(), kind.attachTarget(),
                InsnSeq.of(labeled), license, List.copyOf(mapIndices), functions);
    }

    private static boolean isCodeReference(RawInsn raw) {
        return raw.opcode() == CALL && raw.src() == 1
                || raw.opcode() == LDDW && raw.src() == PseudoSource.FUNC.code();
    }

    /// Where a call or function pointer goes: from its relocation, or, without one, relative to
    /// the instruction in its own section (a static callee clang resolved itself).
    private CodeTarget target(CodeSection sec, int slot, RawInsn raw) {
        CodeTarget relocated = sec.relocatedTargets().get(slot);
        if (relocated != null) {
            return relocated;
        }
        return new CodeTarget(sec.section().index(), (int) Math.max(Math.min((long) slot + raw.imm() + 1,
                Integer.MAX_VALUE), -1));
    }

    /// The linked pc of `target`, appending the function that holds it if it is not placed yet.
    private int place(String where, List<Block> blocks, CodeTarget target, int pc) {
        for (Block b : blocks) {
            if (b.holds(target.section(), target.slot())) {
                return b.base() + target.slot() - b.function().start();
            }
        }
        CodeSection sec = sections.get(target.section());
        FunctionSym fn = sec == null ? null : sec.functionAt(target.slot());
        if (fn == null) {
            String in = sec == null ? "section #" + target.section() : sec.section().label();
            throw new ElfFormatException(object, where + ": instruction " + pc + ": call target " + target.slot()
                    + " in " + in + " is not inside any function");
        }
        Block last = blocks.getLast();
        int base = last.base() + last.function().size();
        if ((long) base + fn.size() > MAX_SLOTS) {
            throw new ElfFormatException(object, where + ": linked program would exceed " + MAX_SLOTS
                    + " instructions");
        }
        blocks.add(new Block(fn, base));
        return base + target.slot() - fn.start();
    }

    private InsnSeq decode(String where, List<RawInsn> code) {
        try {
            return InsnCodec.decode(code);
        } catch (InsnDecodeException e) {
            throw new ElfFormatException(object, where + ": " + e.getMessage(), e);
        }
    }

    /// The line info covering slot `slot` of `fn`: the last record at or before it, if that
    /// record is inside the function.
    private static Optional<SourceLoc> sourceLoc(NavigableMap<Long, BtfExt.LineInfo> lines, FunctionSym fn, int slot) {
        Map.Entry<Long, BtfExt.LineInfo> e = lines.floorEntry((long) slot * RawInsn.SIZE);
        if (e == null || e.getKey() < (long) fn.start() * RawInsn.SIZE) {
            return Optional.empty();
        }
        BtfExt.LineInfo li = e.getValue();
        return Optional.of(new SourceLoc(li.file(), li.line(), li.column(), li.lineText()));
    }

    private final Map<String, NavigableMap<Long, BtfExt.LineInfo>> lineIndex = new TreeMap<>();

    private NavigableMap<Long, BtfExt.LineInfo> linesOf(String section) {
        return lineIndex.computeIfAbsent(section, s -> {
            NavigableMap<Long, BtfExt.LineInfo> m = new TreeMap<>();
            for (BtfExt.LineInfo li : ext.lineInfo().getOrDefault(s, List.of())) {
                m.putIfAbsent(li.insnOffset(), li);
            }
            return m;
        });
    }
}
