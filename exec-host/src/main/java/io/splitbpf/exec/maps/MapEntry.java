package io.splitbpf.exec.maps;

import java.util.Arrays;
import java.util.HexFormat;

/// One key and its value, as [BpfMap#dump()] lists them. Per-slot maps give the value in
/// Linux's user-space layout: one `round_up(value_size, 8)` chunk per execution slot.
public record MapEntry(byte[] key, byte[] value) {
    public MapEntry {
        key = key.clone();
        value = value.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "key " + HexFormat.ofDelimiter(" ").formatHex(key) + " value " + HexFormat.ofDelimiter(" ").formatHex(value);
    }
}
