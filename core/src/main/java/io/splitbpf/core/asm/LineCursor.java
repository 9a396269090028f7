package io.splitbpf.core.asm;

import io.splitbpf.core.isa.Reg;
import java.math.BigInteger;

/// Reads one line of assembler text left to right and reports errors with the line and the
/// 1-based column of the offending token. Shared by both dialects.
final class LineCursor {
    private static final BigInteger U32_MAX = BigInteger.valueOf(0xffff_ffffL);
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String text;
    private final int line;
    private int pos;

    LineCursor(String text, int line, int start) {
        this.text = text;
        this.line = line;
        this.pos = start;
    }

    int line() {
        return line;
    }

    int pos() {
        return pos;
    }

    void reset(int newPos) {
        pos = newPos;
    }

    void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    boolean atEnd() {
        skipSpaces();
        return pos >= text.length();
    }

    char peek() {
        skipSpaces();
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /// Whether the next characters are `s`; consumes them if so.
    boolean accept(String s) {
        skipSpaces();
        if (text.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    /// Like [#accept(String)] for a word: the next character must not continue an identifier.
    boolean acceptWord(String w) {
        skipSpaces();
        int end = pos + w.length();
        if (text.startsWith(w, pos) && (end >= text.length() || !isIdentPart(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    void expect(String s, String what) {
        if (!accept(s)) {
            throw error("expected " + what);
        }
    }

    void expectEnd() {
        if (!atEnd()) {
            throw error("expected the end of the line");
        }
    }

    /// A callee name as the kernel prints it, which may contain `-` (`kernel-function`).
    String calleeName() {
        String first = identifier("a function name");
        StringBuilder name = new StringBuilder(first);
        while (pos + 1 < text.length() && text.charAt(pos) == '-' && isIdentStart(text.charAt(pos + 1))) {
            pos++;
            name.append('-').append(identifier("a function name"));
        }
        return name.toString();
    }

    /// An identifier (letters, digits, `_`, `.`, `$`).
    String identifier(String what) {
        skipSpaces();
        int start = pos;
        if (pos < text.length() && isIdentStart(text.charAt(pos))) {
            pos++;
            while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }
        throw error("expected " + what);
    }

    boolean peekIdentifier() {
        skipSpaces();
        return pos < text.length() && isIdentStart(text.charAt(pos));
    }

    /// A register of the `.data` dialect: `%r0` … `%r10`.
    Reg percentRegister() {
        skipSpaces();
        int start = pos;
        if (!text.startsWith("%r", pos)) {
            throw error("expected a register");
        }
        pos += 2;
        return registerNumber(start);
    }

    /// A register of the LLVM dialect, `rN` or `wN`; returns the register and sets
    /// [#lastWasW] when it was written `wN`.
    Reg llvmRegister() {
        skipSpaces();
        int start = pos;
        if (pos >= text.length() || (text.charAt(pos) != 'r' && text.charAt(pos) != 'w')) {
            throw error("expected a register");
        }
        lastWasW = text.charAt(pos) == 'w';
        pos++;
        return registerNumber(start);
    }

    boolean lastWasW;

    boolean peekLlvmRegister() {
        skipSpaces();
        return pos + 1 < text.length() && (text.charAt(pos) == 'r' || text.charAt(pos) == 'w')
                && Character.isDigit(text.charAt(pos + 1));
    }

    private Reg registerNumber(int start) {
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < text.length() && isIdentPart(text.charAt(pos))) {
            while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                pos++;
            }
            throw errorAt(start, "expected a register");
        }
        if (digits == pos || pos - digits > 2 || Integer.parseInt(text.substring(digits, pos)) >= Reg.COUNT) {
            throw errorAt(start, "expected a register");
        }
        return Reg.of(Integer.parseInt(text.substring(digits, pos)));
    }

    boolean peekNumber() {
        skipSpaces();
        int p = pos;
        if (p < text.length() && (text.charAt(p) == '-' || text.charAt(p) == '+')) {
            p++;
        }
        return p < text.length() && Character.isDigit(text.charAt(p));
    }

    /// A number with an optional sign: `0x` hex or decimal. Returns the value and remembers
    /// whether it was hex (for the range rules) in [#lastWasHex].
    BigInteger number(String what) {
        skipSpaces();
        int start = pos;
        boolean negative = false;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            negative = text.charAt(pos) == '-';
            pos++;
        }
        lastWasHex = text.startsWith("0x", pos) || text.startsWith("0X", pos);
        int digits = lastWasHex ? pos + 2 : pos;
        int end = digits;
        while (end < text.length() && Character.digit(text.charAt(end), lastWasHex ? 16 : 10) >= 0) {
            end++;
        }
        if (end == digits || (end < text.length() && isIdentPart(text.charAt(end)))) {
            pos = start;
            throw error("expected " + what);
        }
        BigInteger v = new BigInteger(text.substring(digits, end), lastWasHex ? 16 : 10);
        pos = end;
        lastNumberStart = start;
        return negative ? v.negate() : v;
    }

    boolean lastWasHex;
    int lastNumberStart;

    /// A 32-bit immediate: hex must fit in u32 (and is taken modulo 2^32), decimal in i32.
    int imm32(String what) {
        BigInteger v = number(what);
        boolean ok = lastWasHex
                ? v.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) >= 0 && v.compareTo(U32_MAX) <= 0
                : v.bitLength() < 32;
        if (!ok) {
            throw errorAt(lastNumberStart, "immediate out of 32-bit range");
        }
        return v.intValue();
    }

    /// A 32-bit field written either signed or unsigned (−2^31 … 2^32−1).
    int int32Or(String what) {
        BigInteger v = number(what);
        if (v.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) < 0 || v.compareTo(U32_MAX) > 0) {
            throw errorAt(lastNumberStart, "value out of 32-bit range");
        }
        return v.intValue();
    }

    /// A 64-bit immediate (`lddw`): −2^63 … 2^64−1.
    long imm64(String what) {
        BigInteger v = number(what);
        if (v.compareTo(BigInteger.ONE.shiftLeft(63).negate()) < 0 || v.compareTo(U64_MAX) > 0) {
            throw errorAt(lastNumberStart, "immediate out of 64-bit range");
        }
        return v.longValue();
    }

    /// A signed 16-bit offset written as `+N` or `-N` (sign required when `signRequired`).
    short offset16(boolean signRequired) {
        skipSpaces();
        int start = pos;
        char c = peek();
        if (signRequired && c != '+' && c != '-') {
            throw error("expected an offset (+N or -N)");
        }
        BigInteger v;
        if (c == '+' || c == '-') {
            pos++;
            skipSpaces();
            if (peek() == '-' || peek() == '+') {
                throw error("expected a number");
            }
            v = number("a number");
            v = c == '-' ? v.negate() : v;
        } else {
            v = number("an offset");
        }
        if (v.bitLength() >= 16) {
            throw errorAt(start, "offset out of 16-bit range");
        }
        return v.shortValue();
    }

    /// A jump offset `+N`/`-N` of `bits` bits (16 for most jumps, 32 for `gotol`).
    int jumpOffset(int bits) {
        skipSpaces();
        int start = pos;
        char c = peek();
        pos++;
        BigInteger v = number("a jump offset");
        v = c == '-' ? v.negate() : v;
        if (v.bitLength() >= bits) {
            throw errorAt(start, "jump offset out of " + bits + "-bit range");
        }
        return v.intValue();
    }

    /// The token at the current position, for error messages.
    String token() {
        skipSpaces();
        return tokenAt(pos);
    }

    private String tokenAt(int p) {
        int end = p;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != ','
                && (end == p || (text.charAt(end) != ']' && text.charAt(end) != ')'))) {
            end++;
        }
        return text.substring(p, end);
    }

    AsmSyntaxException error(String expected) {
        skipSpaces();
        return errorAt(pos, expected);
    }

    AsmSyntaxException errorAt(int p, String expected) {
        return new AsmSyntaxException(line, p + 1, tokenAt(p), expected);
    }

    static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '.' || c == '$';
    }

    static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$';
    }
}
