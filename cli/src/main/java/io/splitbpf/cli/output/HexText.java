package io.splitbpf.cli.output;

import java.util.ArrayList;
import java.util.List;

/// Bytes as bpftool prints them.
public final class HexText {
    private HexText() {}

    /// bpftool's `fprint_hex`: `00 01 02 03 04 05 06 07  08 09 …`, two spaces between groups of
    /// eight, a new line every sixteen.
    public static String bytes(byte[] data) {
        StringBuilder sb = new StringBuilder(data.length * 3);
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                sb.append(i % 16 == 0 ? "\n" : i % 8 == 0 ? "  " : " ");
            }
            sb.append(String.format("%02x", data[i] & 0xff));
        }
        return sb.toString();
    }

    /// bpftool's `hex_print` (what `prog run … data_out -` prints): offset, sixteen bytes in
    /// pairs, and their printable characters.
    public static String dump(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.length; i += 16) {
            sb.append(String.format("%07x\t", i));
            for (int j = i; j < i + 16; j++) {
                sb.append(j < data.length ? String.format("%02x", data[j] & 0xff) : "  ").append(j % 2 == 1 ? " " : "");
            }
            sb.append("| ");
            for (int j = i; j < i + 16 && j < data.length; j++) {
                char c = (char) (data[j] & 0xff);
                sb.append(c < ' ' || c > '~' ? '.' : c).append(j == i + 7 ? " " : "");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /// bpftool's JSON form of bytes: `["0x00","0x01",…]`.
    public static List<String> json(byte[] data) {
        List<String> out = new ArrayList<>(data.length);
        for (byte b : data) {
            out.add(String.format("0x%02x", b & 0xff));
        }
        return out;
    }
}
