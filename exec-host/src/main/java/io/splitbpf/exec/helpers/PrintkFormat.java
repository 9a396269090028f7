package io.splitbpf.exec.helpers;

import io.splitbpf.exec.memory.MemoryFault;
import io.splitbpf.exec.memory.TenantMemory;
import io.splitbpf.exec.runtime.ExecContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/// The format language of `bpf_trace_printk`, as Linux's `bpf_bprintf_prepare` accepts it:
/// printable ASCII, at most three conversions among `%d %i %u %x %X` with an optional `l` or
/// `ll`, `%c`, `%s`, `%p` / `%px` / `%pK`, and `%%`; flags `0 + - space` and a width.
///
/// Differences from Linux: `%p` and `%pK` print the address like `%px` (16 hex digits; tenant
/// addresses are not kernel secrets), and the IP and user-string pointer forms (`%pI4`,
/// `%pks` …) are refused. `%s` reads through the run's allowed regions; an unreadable string
/// prints as empty, as Linux prints a string it cannot copy.
final class PrintkFormat {
    /// The longest output, like Linux's `MAX_BPRINTF_BUF` (the last byte is the NUL).
    static final int MAX_OUTPUT = 511;
    /// At most three arguments, like Linux's `MAX_TRACE_PRINTK_VARARGS`.
    static final int MAX_ARGS = 3;

    private PrintkFormat() {}

    /// The text `fmt` (up to its NUL) formats `args` to, or empty when Linux would refuse it.
    static Optional<String> format(ExecContext ctx, byte[] fmt, long[] args) {
        int end = 0;
        while (end < fmt.length && fmt[end] != 0) {
            end++;
        }
        if (end == fmt.length) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < end; i++) {
            int c = fmt[i] & 0xff;
            if (c >= 0x80 || c < 0x20 && !Character.isWhitespace(c) || c == 0x7f) {
                return Optional.empty();
            }
            if (c != '%') {
                out.append((char) c);
                continue;
            }
            if (i + 1 < end && fmt[i + 1] == '%') {
                out.append('%');
                i++;
                continue;
            }
            if (used == MAX_ARGS) {
                return Optional.empty();
            }
            Spec spec = Spec.parse(fmt, i + 1, end);
            if (spec == null) {
                return Optional.empty();
            }
            out.append(spec.render(ctx, args[used++]));
            i = spec.last;
        }
        String s = out.toString();
        return Optional.of(s.length() > MAX_OUTPUT ? s.substring(0, MAX_OUTPUT) : s);
    }

    /// One conversion: flags, width, length modifier and conversion character.
    private record Spec(boolean left, boolean zero, boolean plus, boolean space, int width, int longs, char conv,
            int last) {
        static Spec parse(byte[] f, int i, int end) {
            boolean left = false, zero = false, plus = false, space = false;
            for (; i < end && "0+- ".indexOf(f[i]) >= 0; i++) {
                left |= f[i] == '-';
                zero |= f[i] == '0';
                plus |= f[i] == '+';
                space |= f[i] == ' ';
            }
            int width = 0;
            for (; i < end && f[i] >= '0' && f[i] <= '9' && width < 1000; i++) {
                width = width * 10 + (f[i] - '0');
            }
            if (i >= end) {
                return null;
            }
            char c = (char) f[i];
            if (c == 'p') {
                if (i + 1 < end && (f[i + 1] == 'x' || f[i + 1] == 'K')) {
                    i++;
                } else if (i + 1 < end && Character.isLetterOrDigit(f[i + 1])) {
                    return null;
                }
                return new Spec(left, zero, plus, space, width, 2, 'p', i);
            }
            if (c == 's' || c == 'c') {
                return new Spec(left, zero, plus, space, width, 0, c, i);
            }
            int longs = 0;
            while (i < end && f[i] == 'l' && longs < 2) {
                longs++;
                i++;
            }
            if (i >= end || "diuxX".indexOf(f[i]) < 0) {
                return null;
            }
            return new Spec(left, zero, plus, space, width, longs, (char) f[i], i);
        }

        String render(ExecContext ctx, long arg) {
            String body = switch (conv) {
                case 'd', 'i' -> signed(longs == 0 ? (int) arg : arg);
                case 'u' -> longs == 0 ? Integer.toUnsignedString((int) arg) : Long.toUnsignedString(arg);
                case 'x' -> longs == 0 ? Integer.toHexString((int) arg) : Long.toHexString(arg);
                case 'X' -> (longs == 0 ? Integer.toHexString((int) arg) : Long.toHexString(arg)).toUpperCase(
                        java.util.Locale.ROOT);
                case 'c' -> String.valueOf((char) (arg & 0xff));
                case 's' -> string(ctx, arg);
                default -> String.format("%016x", arg);
            };
            return pad(body);
        }

        private String signed(long v) {
            String s = Long.toString(v);
            return v >= 0 && plus ? "+" + s : v >= 0 && space ? " " + s : s;
        }

        private String pad(String body) {
            if (body.length() >= width) {
                return body;
            }
            int n = width - body.length();
            if (left) {
                return body + " ".repeat(n);
            }
            if (zero && conv != 's' && conv != 'c') {
                int sign = !body.isEmpty() && "+- ".indexOf(body.charAt(0)) >= 0 ? 1 : 0;
                return body.substring(0, sign) + "0".repeat(n) + body.substring(sign);
            }
            return " ".repeat(n) + body;
        }

        private static String string(ExecContext ctx, long address) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                for (int i = 0; i < MAX_OUTPUT; i++) {
                    long off = ctx.checkedOffset(address + i, 1, false);
                    byte b = ctx.memory().segment().get(TenantMemory.U8, off);
                    if (b == 0) {
                        break;
                    }
                    bytes.write(b);
                }
            } catch (MemoryFault e) {
                return "";
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
