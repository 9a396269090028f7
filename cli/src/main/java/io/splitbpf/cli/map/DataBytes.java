package io.splitbpf.cli.map;

import io.splitbpf.cli.options.Keywords;

/// bpftool's `DATA := [hex] BYTES`: `key 0x01 0x00 0x00 0x00`, `key 1 0 0 0` or `key hex 01 00
/// 00 00`. Each word is one byte: with `hex` in base 16 without a prefix, otherwise in C's
/// notation (`0x` hexadecimal, a leading `0` octal, else decimal). Exactly as many words as the
/// map's key or value has bytes.
final class DataBytes {
    private DataBytes() {}

    /// `NAME DATA`: keyword `name` (`key`, `value`), which must come next, and its `size` bytes.
    static byte[] after(Keywords k, String name, int size) {
        if (!k.accept(name)) {
            throw k.error(k.atEnd() ? "missing '" + name + " DATA'" : "expected '" + name + " DATA', found '" + k.peek() + "'");
        }
        return read(k, name, size);
    }

    /// The `size` bytes that follow in `k` (after `name`, which the error messages use).
    static byte[] read(Keywords k, String name, int size) {
        boolean hex = k.accept("hex");
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            if (k.atEnd() || isKeyword(k.peek())) {
                throw k.error(name + " has " + i + " byte" + (i == 1 ? "" : "s") + ", expected " + size
                        + " (one word per byte, e.g. '" + name + " 0x01 0x00 0x00 0x00' or '" + name + " hex 01 00 00 00')");
            }
            String word = k.take(name + " byte");
            out[i] = (byte) parse(k, name, word, hex);
        }
        return out;
    }

    private static int parse(Keywords k, String name, String word, boolean hex) {
        int value;
        try {
            if (hex) {
                if (word.length() > 2 || word.startsWith("-") || word.startsWith("+")) {
                    throw new NumberFormatException();
                }
                value = Integer.parseInt(word, 16);
            } else if (word.startsWith("0x") || word.startsWith("0X")) {
                value = Integer.parseInt(word.substring(2), 16);
            } else if (word.length() > 1 && word.startsWith("0")) {
                value = Integer.parseInt(word.substring(1), 8);
            } else {
                value = Integer.parseInt(word);
            }
        } catch (NumberFormatException e) {
            throw k.error(name + ": error parsing byte '" + word + "'" + (hex ? " (two hex digits after 'hex')" : ""));
        }
        if (value < 0 || value > 255) {
            throw k.error(name + ": '" + word + "' does not fit in a byte");
        }
        return value;
    }

    /// The words that end a DATA list.
    static boolean isKeyword(String word) {
        return switch (word) {
            case "key", "value", "any", "exist", "noexist" -> true;
            default -> false;
        };
    }
}
