package io.splitbpf.verifier.cases;

import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.Jump;
import io.splitbpf.verifier.semantics.Assume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// The code of a [VerifierCase] as our instruction sequence, with the explicit assumptions the
/// analysis runs in place of `goto +0` placeholders, and the mapping between our pcs (slots)
/// and PREVAIL's labels (line indices: every code line is one label, `lddw` included).
///
/// Three forms of PREVAIL's text are rewritten before assembly:
/// - `assume <cond>` becomes a `goto +0` placeholder and an [Assume];
/// - `if a &!= b goto L` (jump when no bit is common) becomes `if a &== b goto +1; goto L`,
///   two instructions with the same PREVAIL label;
/// - `wD s32= rS` (sign-extending 32 bits into a 32-bit result, which keeps the low 32 bits)
///   becomes `wD = wS`.
///
/// @param seq the assembled code
/// @param assumptions the explicit assumptions by placeholder pc
/// @param labelOfPc PREVAIL's label of each of our pcs
/// @param pcOfLabel our first pc of each PREVAIL label
record CaseProgram(InsnSeq seq, SortedMap<Integer, Assume> assumptions, SortedMap<Integer, Integer> labelOfPc,
                      SortedMap<Integer, Integer> pcOfLabel) {
    private static final Pattern NOT_SET = Pattern.compile("if\\s+(\\w+)\\s*&!=\\s*(\\S+)\\s+goto\\s+(\\S+)");
    private static final Pattern MOVSX32_INTO_32 = Pattern.compile("w(\\d+)\\s+s32=\\s+[rw](\\d+)");
    private static final Pattern ASSUME = Pattern.compile("assume\\s+(\\w+)\\s+(\\S+)\\s+(\\S+)");
    private static final Assembler ASM = Assembler.of(Dialect.LLVM);

    static CaseProgram of(VerifierCase c) {
        StringBuilder text = new StringBuilder();
        List<Integer> labelOfInsn = new ArrayList<>();
        Map<Integer, Assume> assumeOfInsn = new TreeMap<>();
        int label = 0;
        for (Map.Entry<String, List<String>> block : c.blocks().entrySet()) {
            text.append('<').append(block.getKey()).append(">:\n");
            for (String line : block.getValue()) {
                String code = (line.contains(";") ? line.substring(0, line.indexOf(';')) : line).strip();
                Matcher m;
                if ((m = ASSUME.matcher(code)).matches()) {
                    assumeOfInsn.put(labelOfInsn.size(), assume(m.group(1), m.group(2), m.group(3)));
                    text.append("goto +0\n");
                    labelOfInsn.add(label);
                } else if ((m = NOT_SET.matcher(code)).matches()) {
                    text.append("if ").append(m.group(1)).append(" &== ").append(m.group(2)).append(" goto +1\n");
                    text.append("goto ").append(m.group(3)).append('\n');
                    labelOfInsn.add(label);
                    labelOfInsn.add(label);
                } else if ((m = MOVSX32_INTO_32.matcher(code)).matches()) {
                    text.append('w').append(m.group(1)).append(" = w").append(m.group(2)).append('\n');
                    labelOfInsn.add(label);
                } else {
                    text.append(line).append('\n');
                    labelOfInsn.add(label);
                }
                label++;
            }
        }
        InsnSeq seq = ASM.assemble(text.toString());
        if (seq.size() != labelOfInsn.size()) {
            throw new IllegalStateException("assembled " + seq.size() + " instructions from " + labelOfInsn.size()
                    + " lines");
        }
        SortedMap<Integer, Assume> assumptions = new TreeMap<>();
        SortedMap<Integer, Integer> labelOfPc = new TreeMap<>();
        SortedMap<Integer, Integer> pcOfLabel = new TreeMap<>();
        for (int k = 0; k < seq.size(); k++) {
            int pc = seq.insns().get(k).pc();
            labelOfPc.put(pc, labelOfInsn.get(k));
            pcOfLabel.putIfAbsent(labelOfInsn.get(k), pc);
            if (assumeOfInsn.containsKey(k)) {
                assumptions.put(pc, assumeOfInsn.get(k));
            }
        }
        return new CaseProgram(seq, assumptions, labelOfPc, pcOfLabel);
    }

    /// `assume a op b` as the condition of the jump `if a op b`; `&!=` is a failed `&==`.
    /// A 32-bit condition names its register operand `wN` here, whatever PREVAIL wrote.
    static Assume assume(String a, String op, String b) {
        boolean notSet = op.equals("&!=");
        String src = a.startsWith("w") && b.matches("r\\d+") ? "w" + b.substring(1) : b;
        String jump = "if " + a + " " + (notSet ? "&==" : op) + " " + src + " goto +0";
        if (!(ASM.assemble(jump).insns().getFirst().insn() instanceof Jump j)) {
            throw new IllegalStateException("not a jump: " + jump);
        }
        return new Assume(j, !notSet);
    }
}
