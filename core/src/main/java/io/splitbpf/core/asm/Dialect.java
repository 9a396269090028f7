package io.splitbpf.core.asm;

import java.util.regex.Pattern;

/// The two assembler dialects [Assembler] reads.
public enum Dialect {
    /// The `.data` dialect of bpf_conformance and uBPF: `add32 %r1, 2`, `ldxw %r0, [%r1+4]`.
    DATA,
    /// The LLVM / kernel dialect that clang, llvm-objdump, bpftool and PREVAIL write:
    /// `w1 += 2`, `r0 = *(u32 *)(r1 + 4)`, `if r1 > 0x2 goto +3`.
    LLVM;

    private static final Pattern DATA_REGISTER = Pattern.compile("%r\\d");
    private static final Pattern LLVM_SHAPE = Pattern.compile("=|\\bgoto\\b|\\bcallx\\b|^\\s*\\*\\(|\\block\\s*\\*");

    /// Guesses the dialect of `text`: `%rN` registers mean [#DATA], assignments and `goto`
    /// mean [#LLVM]; text with neither (say, only `exit`) is read as [#DATA] when its first
    /// instruction is a `.data` mnemonic and as [#LLVM] otherwise.
    public static Dialect detect(String text) {
        if (DATA_REGISTER.matcher(text).find()) {
            return DATA;
        }
        for (String line : text.split("\n")) {
            String code = line.replaceAll("[#;].*", "").strip();
            if (LLVM_SHAPE.matcher(code).find()) {
                return LLVM;
            }
        }
        for (String line : text.split("\n")) {
            String code = line.replaceAll("[#;].*", "").strip();
            if (!code.isEmpty() && !code.endsWith(":")) {
                String[] words = code.split("\\s+");
                if (words[0].equals("call")) {
                    return words.length > 1 && (words[1].equals("local") || words[1].equals("runtime")) ? DATA : LLVM;
                }
                return DataDialect.isMnemonic(words[0]) ? DATA : LLVM;
            }
        }
        return LLVM;
    }
}
