package io.splitbpf.core.asm;

import io.splitbpf.core.insn.Insn;
import io.splitbpf.core.insn.InsnSeq;
import io.splitbpf.core.insn.LabeledInsn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Reads assembler text in either [Dialect] into an [InsnSeq].
///
/// Both dialects: one instruction or label per line, jump targets as `+N`/`-N` slots from the
/// next slot or as labels. `.data` text (uBPF, bpf_conformance) takes `#` comments, `name:`
/// labels, and the first `exit` also defines the label `exit`. LLVM/kernel text takes `;`,
/// `//` and `#` comments (`#` only at the start of a word, so `call bpf_map_lookup_elem#1`
/// stays whole), `name:` and `<name>:` labels, and the listing prefixes bpftool
/// (`  12: (b7) `) and llvm-objdump (`  12:  b7 00 … 00  `) put before an instruction.
///
/// ```
/// InsnSeq prog = Assembler.of(Dialect.LLVM).assemble("r0 = 0\nexit");
/// ```
public record Assembler(Optional<Dialect> dialect, MapNames maps) {
    private static final Pattern LISTING = Pattern.compile(
            "^\\s*\\d+:\\s*(?:\\(([0-9a-fA-F]{2})\\)\\s*)?(?:((?:[0-9a-fA-F]{2} ){7,15}[0-9a-fA-F]{2})\\s)?");
    private static final Pattern LABEL = Pattern.compile("^\\s*(?:[0-9a-fA-F]+\\s+)?<?([A-Za-z_.$][\\w.$]*)>?:\\s*$");

    public Assembler {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(maps, "maps");
    }

    /// An assembler for `dialect`.
    public static Assembler of(Dialect dialect) {
        return new Assembler(Optional.of(dialect), MapNames.none());
    }

    /// An assembler that detects the dialect of each text ([Dialect#detect(String)]).
    public static Assembler detecting() {
        return new Assembler(Optional.empty(), MapNames.none());
    }

    /// The same assembler, reading map names (`map[xdp_stats_map]`) with `names`.
    public Assembler withMaps(MapNames names) {
        return new Assembler(dialect, names);
    }

    /// Assembles `text`.
    ///
    /// @throws AsmSyntaxException at the first line that cannot be read, or for a label that
    ///         is not defined or a jump that cannot reach its label
    public InsnSeq assemble(String text) {
        Dialect d = dialect.orElseGet(() -> Dialect.detect(text));
        String[] lines = text.split("\r?\n", -1);
        Map<String, Integer> labels = new HashMap<>();
        List<Draft> drafts = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        List<Integer> pcs = new ArrayList<>();
        int pc = 0;
        Optional<Integer> firstExit = Optional.empty();
        for (int i = 0; i < lines.length; i++) {
            String code = stripComment(lines[i], d);
            if (code.isBlank()) {
                continue;
            }
            Matcher label = LABEL.matcher(code);
            if (label.matches()) {
                if (labels.putIfAbsent(label.group(1), pc) != null) {
                    throw new AsmSyntaxException(i + 1, code.indexOf(label.group(1)) + 1, label.group(1),
                            "label defined twice");
                }
                continue;
            }
            Draft draft = parseLine(code, i + 1, d);
            if (firstExit.isEmpty() && draft.insn() instanceof io.splitbpf.core.insn.Exit) {
                firstExit = Optional.of(pc);
            }
            drafts.add(draft);
            lineOf.add(i + 1);
            pcs.add(pc);
            pc += draft.insn().slots();
        }
        if (d == Dialect.DATA && firstExit.isPresent()) {
            labels.putIfAbsent("exit", firstExit.get());
        }
        List<LabeledInsn> out = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            out.add(new LabeledInsn(pcs.get(i), resolve(drafts.get(i), pcs.get(i), lineOf.get(i), labels)));
        }
        return InsnSeq.of(out);
    }

    private Draft parseLine(String code, int line, Dialect d) {
        try {
            if (d == Dialect.DATA) {
                return DataDialect.parse(new LineCursor(code, line, 0));
            }
            Matcher m = LISTING.matcher(code);
            int start = 0;
            int opcode = -1;
            if (m.lookingAt()) {
                start = m.end();
                if (m.group(1) != null) {
                    opcode = Integer.parseInt(m.group(1), 16);
                } else if (m.group(2) != null) {
                    opcode = Integer.parseInt(m.group(2).substring(0, 2), 16);
                }
            }
            return LlvmDialect.parse(new LineCursor(code, line, start), opcode, maps);
        } catch (IllegalArgumentException e) {
            // The instruction records refuse impossible combinations (e.g. w1 = (s32)w2).
            throw new AsmSyntaxException(line, 1, code.strip(), e.getMessage());
        }
    }

    private static Insn resolve(Draft draft, int pc, int line, Map<String, Integer> labels) {
        if (draft.label().isEmpty()) {
            return draft.insn();
        }
        String name = draft.label().get();
        Integer target = labels.get(name);
        if (target == null) {
            throw new AsmSyntaxException(line, draft.column(), name, "unknown label");
        }
        try {
            return draft.withOffset().apply(target - pc - 1);
        } catch (IllegalArgumentException e) {
            throw new AsmSyntaxException(line, draft.column(), name, "label out of reach: " + e.getMessage());
        }
    }

    /// Removes a comment: `#` (and uBPF's `;` separator) in `.data` text; `;`, `//` and a word-initial `#` in LLVM text.
    static String stripComment(String line, Dialect d) {
        int cut = line.length();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            boolean wordStart = i == 0 || Character.isWhitespace(line.charAt(i - 1));
            if (d == Dialect.DATA ? ch == '#' || ch == ';' : ch == ';' || line.startsWith("//", i) || (ch == '#' && wordStart)) {
                cut = i;
                break;
            }
        }
        return line.substring(0, cut);
    }
}
