package io.splitbpf.exec.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/// What an XDP program of [XdpProgramGenerator] runs on: the packet (and the meta area before
/// it), the contents of the maps ([XdpProgramGenerator#MAPS]) and the seed of
/// `bpf_get_prandom_u32`.
///
/// @param meta the bytes between `data_meta` and `data`
/// @param packet the bytes between `data` and `data_end`
/// @param arrayValues the value of each element of map 0 (an array)
/// @param hashEntries the elements of map 1 (a hash table with 8-byte keys), by key
/// @param helperSeed the seed of the numbers `bpf_get_prandom_u32` returns
public record XdpInput(byte[] meta, byte[] packet, List<byte[]> arrayValues, SortedMap<Long, byte[]> hashEntries,
                       long helperSeed) {
    public XdpInput {
        meta = meta.clone();
        packet = packet.clone();
        arrayValues = arrayValues.stream().map(byte[]::clone).toList();
        TreeMap<Long, byte[]> copy = new TreeMap<>();
        hashEntries.forEach((k, v) -> copy.put(k, v.clone()));
        hashEntries = Collections.unmodifiableSortedMap(copy);
        Objects.checkIndex(packet.length, XdpProgramGenerator.MAX_PACKET + 1);
    }

    /// A random input: often a short (even empty) or a full packet, sometimes a meta area,
    /// random values in every array element and in a random subset of the hash keys.
    public static XdpInput random(SplittableRandom rnd) {
        int max = XdpProgramGenerator.MAX_PACKET;
        int length = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(5);
            case 1 -> max - rnd.nextInt(5);
            default -> rnd.nextInt(max + 1);
        };
        byte[] meta = bytes(rnd, new int[] {0, 0, 0, 4, 8}[rnd.nextInt(5)]);
        var array = XdpProgramGenerator.MAPS.get(0);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < array.maxEntries(); i++) {
            values.add(bytes(rnd, array.valueSize()));
        }
        var hash = XdpProgramGenerator.MAPS.get(1);
        SortedMap<Long, byte[]> entries = new TreeMap<>();
        int count = rnd.nextInt(hash.maxEntries() + 1);
        while (entries.size() < count) {
            entries.put((long) rnd.nextInt(XdpProgramGenerator.HASH_KEYS), bytes(rnd, hash.valueSize()));
        }
        return new XdpInput(meta, bytes(rnd, length), values, entries, rnd.nextLong());
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    @Override
    public byte[] meta() {
        return meta.clone();
    }

    @Override
    public byte[] packet() {
        return packet.clone();
    }

    /// The input for people, one line each: meta area, packet, map contents, helper seed.
    public String describe() {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        StringBuilder out = new StringBuilder();
        out.append("meta (").append(meta.length).append(" bytes)").append(meta.length == 0 ? "" : ": " + hex.formatHex(meta))
                .append('\n');
        out.append("packet (").append(packet.length).append(" bytes)")
                .append(packet.length == 0 ? "" : ": " + hex.formatHex(packet)).append('\n');
        String array = XdpProgramGenerator.MAPS.get(0).name();
        for (int i = 0; i < arrayValues.size(); i++) {
            out.append("map ").append(array).append('[').append(i).append("]: ")
                    .append(hex.formatHex(arrayValues.get(i))).append('\n');
        }
        String hash = XdpProgramGenerator.MAPS.get(1).name();
        if (hashEntries.isEmpty()) {
            out.append("map ").append(hash).append(": empty\n");
        }
        hashEntries.forEach((k, v) -> out.append("map ").append(hash).append('[').append(k).append("]: ")
                .append(hex.formatHex(v)).append('\n'));
        out.append("bpf_get_prandom_u32 seed: ").append(helperSeed).append('\n');
        return out.toString();
    }
}
