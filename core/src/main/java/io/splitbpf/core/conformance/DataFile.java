package io.splitbpf.core.conformance;

import io.splitbpf.core.BpfFormatException;
import io.splitbpf.core.asm.Assembler;
import io.splitbpf.core.asm.AsmSyntaxException;
import io.splitbpf.core.asm.Dialect;
import io.splitbpf.core.isa.RawInsn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/// A conformance test in the `.data` format of bpf_conformance and uBPF: sections that start
/// with a `-- name` line, `#` comments, blank lines ignored.
///
/// Understood sections: `asm` (or `asm @ file`), `raw` (64-bit words, or 8 hex bytes per line
/// as `negative/unused-*.data` write them), `mem` (or `mem @ file`; hex bytes, tokens of more
/// than two digits split into bytes and `0x0000:` offsets skipped, so hex dumps work),
/// `result`, `error`, `error pattern`, `no jit`, and the notes `c`, `no register offset`,
/// `description`. `reload`, `unload` and `pyelf` are recognised but cannot be run from the
/// file alone; they and any other directive are listed in [#unsupported()].
///
/// @param name         the file name
/// @param asm          the assembler text (with `@ file`, the companion file's text)
/// @param asmSource    where `asm` came from and the file line before its first line, for errors
/// @param raw          the instruction words of `-- raw`
/// @param mem          the input buffer of `-- mem`
/// @param result       the expected r0 of `-- result` (the last line wins)
/// @param error        the expected error of `-- error`, possibly empty (the last line wins)
/// @param errorPattern the regular expression of `-- error pattern`
/// @param noJit        the reason of `-- no jit`
/// @param directives   every section name seen, in order of first appearance
/// @param unsupported  the directives a runner cannot honour from this file alone
public record DataFile(String name, Optional<String> asm, AsmSource asmSource, Optional<List<Long>> raw,
        Optional<byte[]> mem, Optional<Long> result, Optional<String> error, Optional<String> errorPattern,
        Optional<String> noJit, List<String> directives, SortedSet<String> unsupported) {

    /// Where the assembler text came from: a file name and the line before its first line.
    public record AsmSource(String file, int lineOffset) {}

    private static final Set<String> KNOWN = Set.of("asm", "raw", "mem", "result", "error", "error pattern",
            "no jit", "c", "no register offset", "description");
    private static final Set<String> NOT_RUNNABLE = Set.of("reload", "unload", "pyelf");
    private static final Pattern BYTE_LINE = Pattern.compile("\\s*[0-9a-fA-F]{2}(\\s+[0-9a-fA-F]{2}){7}\\s*");

    public DataFile {
        Objects.requireNonNull(name, "name");
        raw = raw.map(List::copyOf);
        mem = mem.map(byte[]::clone);
        directives = List.copyOf(directives);
        unsupported = Collections.unmodifiableSortedSet(new TreeSet<>(unsupported));
    }

    /// Reads `file`; `@ file` sections are resolved relative to its folder.
    public static DataFile read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
    }

    /// Parses the text of a `.data` file called `name`; `@ file` sections are read from `dir`.
    ///
    /// @throws BpfFormatException when a section's contents are malformed
    public static DataFile parse(String name, String text, Path dir) {
        return new DataFileParser(name, dir).parse(text);
    }

    /// The input buffer (a copy).
    @Override
    public Optional<byte[]> mem() {
        return mem.map(byte[]::clone);
    }

    /// Why a runner should skip this file, if it should: a directive it cannot honour, or no
    /// program at all.
    public Optional<String> skipReason() {
        if (!unsupported.isEmpty()) {
            return Optional.of("unsupported directive" + (unsupported.size() > 1 ? "s " : " ")
                    + String.join(", ", unsupported));
        }
        if (asm.isEmpty() && raw.isEmpty()) {
            return Optional.of("no asm or raw section");
        }
        if (result.isEmpty() && error.isEmpty() && errorPattern.isEmpty()) {
            return Optional.of("no result or error");
        }
        return Optional.empty();
    }

    /// The program: the `-- raw` words, or else the `-- asm` text assembled in the `.data` dialect.
    ///
    /// @throws AsmSyntaxException when the assembler text is malformed (placed in the file)
    /// @throws BpfFormatException when the file has no program
    public List<RawInsn> program() {
        if (raw.isPresent()) {
            return raw.get().stream().map(RawInsn::ofWord).toList();
        }
        String text = asm.orElseThrow(() -> new BpfFormatException(name + ": no asm or raw section"));
        try {
            return Assembler.of(Dialect.DATA).assemble(text).toRaw();
        } catch (AsmSyntaxException e) {
            throw e.relocate(asmSource.file(), asmSource.lineOffset());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataFile d && name.equals(d.name) && asm.equals(d.asm) && asmSource.equals(d.asmSource)
                && raw.equals(d.raw) && Arrays.equals(mem.orElse(null), d.mem.orElse(null))
                && mem.isPresent() == d.mem.isPresent() && result.equals(d.result) && error.equals(d.error)
                && errorPattern.equals(d.errorPattern) && noJit.equals(d.noJit) && directives.equals(d.directives)
                && unsupported.equals(d.unsupported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, asm, raw, mem.map(Arrays::hashCode), result, error, errorPattern, directives);
    }

    @Override
    public String toString() {
        return "DataFile[" + name + "]";
    }

    static boolean isKnown(String directive) {
        return KNOWN.contains(directive);
    }

    static boolean isRecognisedButNotRunnable(String directive) {
        return NOT_RUNNABLE.contains(directive);
    }

    /// Words of a `-- raw` line: 8 two-digit hex tokens are one slot's bytes, else each token
    /// is a 64-bit word (`0x…` or decimal).
    static List<Long> rawWords(String line) {
        List<Long> out = new ArrayList<>();
        if (BYTE_LINE.matcher(line).matches()) {
            String[] bytes = line.strip().split("\\s+");
            long word = 0;
            for (int i = 0; i < 8; i++) {
                word |= Long.parseLong(bytes[i], 16) << (8 * i);
            }
            out.add(word);
            return out;
        }
        for (String token : line.strip().split("\\s+")) {
            out.add(parseU64(token));
        }
        return out;
    }

    /// A 64-bit value: `0x` hex or decimal (signed or unsigned).
    static long parseU64(String token) {
        String t = token.strip();
        BigInteger v = t.startsWith("0x") || t.startsWith("0X") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
        if (v.bitLength() > 64 || (v.signum() < 0 && v.bitLength() > 63)) {
            throw new NumberFormatException("out of 64-bit range: " + token);
        }
        return v.longValue();
    }
}
